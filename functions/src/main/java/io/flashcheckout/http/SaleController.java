package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Reservation;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.SaleService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A sale as shoppers see it, and reserving units of it. */
@Controller("/sales")
public class SaleController {
    private static final Logger LOG = LoggerFactory.getLogger(SaleController.class);

    private final SaleService sales;
    private final ReserveService reserve;

    public SaleController(SaleService sales, ReserveService reserve) {
        this.sales = sales;
        this.reserve = reserve;
    }

    @Get("/{saleId}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public SaleResponse sale(@PathVariable String saleId) {
        return SaleResponse.of(sales.view(PathIds.saleId(saleId)));
    }

    /** 201 with a new order; 200 with the same order when the Idempotency-Key was seen before. */
    @Post("/{saleId}/reservations")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public HttpResponse<OrderResponse> reserve(@PathVariable String saleId,
                                               @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                               @Nullable @Body Requests.Reserve body,
                                               Authentication authentication) {
        PathIds.saleId(saleId);
        long quantity = Requests.wholeQuantity(body == null ? null : body.quantity());
        if (idempotencyKey == null) {
            throw new CheckoutException.InvalidInput("the Idempotency-Key header is required");
        }
        try (RequestLog ignored = RequestLog.sale(saleId, authentication.getName())) {
            Reservation reservation = reserve.reserve(saleId, Caller.shopper(authentication), quantity, idempotencyKey);
            LOG.info("reserved order {} ({})", reservation.order().orderId(), reservation.replayed() ? "replayed" : "new");
            OrderResponse order = OrderResponse.of(reservation.order());
            return reservation.replayed() ? HttpResponse.ok(order) : HttpResponse.created(order);
        }
    }
}
