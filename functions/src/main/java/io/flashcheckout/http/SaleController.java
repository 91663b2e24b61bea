package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Reservation;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.checkout.SaleStatus;
import io.flashcheckout.checkout.SaleView;
import io.micronaut.http.HttpHeaders;
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

    /**
     * Served from the process's one-second cache (eventually consistent), and cacheable by the storefront and a
     * CDN for as long: see {@link #cacheControl}. Refusals are never cached ({@code no-store}).
     */
    @Get("/{saleId}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<SaleResponse> sale(@PathVariable String saleId) {
        SaleView view = sales.shopperView(PathIds.saleId(saleId));
        return HttpResponse.ok(SaleResponse.of(view)).header(HttpHeaders.CACHE_CONTROL, cacheControl(view.status()));
    }

    /**
     * One second while units can change hands (OPEN, SOLD_OUT: cancelled and expired holds come back) or the
     * sale is about to open (UPCOMING flips to OPEN at {@code opensAt}): no staler than the process's own cache,
     * and a CDN in front takes all but one request a second per edge. A CLOSED sale changes only when an admin
     * reopens it: ten seconds.
     */
    static String cacheControl(SaleStatus status) {
        return status == SaleStatus.CLOSED ? "public, max-age=10" : "public, max-age=1";
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
