package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.PayService;
import io.flashcheckout.checkout.PaymentResult;
import io.flashcheckout.checkout.ReleaseService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A shopper's own order: read it, pay it, cancel it. Anyone else's order answers 404. */
@Controller("/orders")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class OrderController {
    private static final Logger LOG = LoggerFactory.getLogger(OrderController.class);

    private final OrderLookup orders;
    private final PayService pay;
    private final ReleaseService release;

    public OrderController(OrderLookup orders, PayService pay, ReleaseService release) {
        this.orders = orders;
        this.pay = pay;
        this.release = release;
    }

    @Get("/{orderId}")
    public OrderResponse order(@PathVariable String orderId, Authentication authentication) {
        return OrderResponse.of(orders.get(PathIds.orderId(orderId), Caller.of(authentication)));
    }

    /** 200 PAID; 202 PAYING when the provider's answer is not known yet. */
    @Post("/{orderId}/payment")
    public HttpResponse<OrderResponse> pay(@PathVariable String orderId, @Nullable @Body Requests.Payment body,
                                           Authentication authentication) {
        PathIds.orderId(orderId);
        if (body == null || body.paymentToken() == null) {
            throw new CheckoutException.InvalidInput("the body must be {\"paymentToken\": \"...\"}");
        }
        try (RequestLog ignored = RequestLog.order(orderId, authentication.getName())) {
            PaymentResult result = pay.pay(orderId, Caller.shopper(authentication), body.paymentToken());
            LOG.info("payment of order {} is {}", orderId, result.order().status());
            OrderResponse order = OrderResponse.of(result.order());
            return result.pending() ? HttpResponse.accepted().body(order) : HttpResponse.ok(order);
        }
    }

    @Post("/{orderId}/cancel")
    public OrderResponse cancel(@PathVariable String orderId, Authentication authentication) {
        PathIds.orderId(orderId);
        try (RequestLog ignored = RequestLog.order(orderId, authentication.getName())) {
            OrderResponse order = OrderResponse.of(release.cancel(orderId, Caller.shopper(authentication), null));
            LOG.info("order {} cancelled: {}", orderId, order.status());
            return order;
        }
    }
}
