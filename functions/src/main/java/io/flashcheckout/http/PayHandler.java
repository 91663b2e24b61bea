package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.PayService;
import io.flashcheckout.checkout.PaymentResult;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pay function: {@code POST /orders/{orderId}/payment}, for the order's own shopper. */
public class PayHandler extends StepHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PayHandler.class);

    @Inject
    PayService pay;

    private final Routes routes = Routes.of(
            Route.post("/orders/{orderId}/payment", Route.Who.VERIFIED_CALLER).to(this::pay));

    public PayHandler() {
    }

    public PayHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    Routes routes() {
        return routes;
    }

    /** 200 PAID; 202 PAYING when the provider's answer is not known yet. */
    private ApiResponse pay(ApiRequest request) {
        String orderId = PathIds.orderId(request.path("orderId"));
        Requests.Payment body = request.body(Requests.Payment.class);
        if (body == null || body.paymentToken() == null) {
            throw new CheckoutException.InvalidInput("the body must be {\"paymentToken\": \"...\"}");
        }
        try (RequestLog ignored = RequestLog.order(orderId, request.caller().subject())) {
            PaymentResult result = pay.pay(orderId, Caller.shopper(request.caller()), body.paymentToken());
            LOG.info("payment of order {} is {}", orderId, result.order().status());
            OrderResponse order = OrderResponse.of(result.order());
            return result.pending() ? ApiResponse.accepted(order) : ApiResponse.ok(order);
        }
    }
}
