package io.flashcheckout.http;

import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.checkout.SaleStatus;
import io.flashcheckout.checkout.SaleView;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** The reads function: the sale page ({@code GET /sales/{saleId}}, no token) and an order ({@code GET /orders/{orderId}}). */
public class ReadsHandler extends StepHandler {
    @Inject
    SaleService sales;

    @Inject
    OrderLookup orders;

    private final Routes routes = Routes.of(
            Route.get("/sales/{saleId}", Route.Who.ANYONE).to(this::sale),
            Route.get("/orders/{orderId}", Route.Who.VERIFIED_CALLER).to(this::order));

    public ReadsHandler() {
    }

    public ReadsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    Routes routes() {
        return routes;
    }

    /**
     * Served from the process's one-second cache (eventually consistent), and cacheable by the storefront and a
     * CDN for as long: see {@link #cacheControl}. Refusals are never cached ({@code no-store}).
     */
    private ApiResponse sale(ApiRequest request) {
        SaleView view = sales.shopperView(PathIds.saleId(request.path("saleId")));
        return ApiResponse.ok(SaleResponse.of(view)).withHeader("Cache-Control", cacheControl(view.status()));
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

    /** A shopper's own order; anyone else's answers 404. */
    private ApiResponse order(ApiRequest request) {
        return ApiResponse.ok(OrderResponse.of(orders.get(PathIds.orderId(request.path("orderId")), Caller.of(request.caller()))));
    }
}
