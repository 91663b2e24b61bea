package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.store.SaleStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The admin function: every route needs the scope {@code checkout/admin} from an issuer that may grant it. */
public class AdminHandler extends StepHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    static final int MAX_BULK_CANCEL = 100;

    @Inject
    SaleService sales;

    @Inject
    ReleaseService release;

    @Inject
    OrderLookup orders;

    private final Routes routes = Routes.of(
            Route.post("/admin/sales", Route.Who.ADMIN).to(this::createSale),
            Route.post("/admin/sales/{saleId}/restock", Route.Who.ADMIN).to(this::restock),
            Route.post("/admin/sales/{saleId}/reopen", Route.Who.ADMIN).to(this::reopen),
            Route.post("/admin/orders/cancel", Route.Who.ADMIN).to(this::cancelOrders),
            Route.get("/admin/orders/{orderId}", Route.Who.ADMIN).to(this::order));

    public AdminHandler() {
    }

    public AdminHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    Routes routes() {
        return routes;
    }

    /** 201 for a new sale; 200 when the same definition exists already; 409 for another definition. */
    private ApiResponse createSale(ApiRequest request) {
        SaleBody body = request.body(SaleBody.class);
        if (body == null) {
            throw new CheckoutException.InvalidInput("a sale body is required");
        }
        SaleStore.Created created = sales.create(body.toNewSale());
        LOG.info("sale {} {}", created.sale().saleId(), created.created() ? "created" : "already existed");
        SaleResponse sale = SaleResponse.of(sales.view(created.sale().saleId()));
        return created.created() ? ApiResponse.created(sale) : ApiResponse.ok(sale);
    }

    /** Adds units; an Idempotency-Key makes a retried restock count once (for ten minutes). */
    private ApiResponse restock(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        Requests.Restock body = request.body(Requests.Restock.class);
        long quantity = Requests.wholeQuantity(body == null ? null : body.quantity());
        sales.restock(saleId, quantity, request.header("Idempotency-Key"));
        LOG.info("sale {} restocked with {}", saleId, quantity);
        return ApiResponse.ok(SaleResponse.of(sales.view(saleId)));
    }

    /** Opens the sale again in a new window (a second wave for stock that came back); clears the sold-out mark. */
    private ApiResponse reopen(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        Requests.Reopen body = request.body(Requests.Reopen.class);
        if (body == null) {
            throw new CheckoutException.InvalidInput("the body must be {\"opensAt\": instant, \"closesAt\": instant}");
        }
        Instant opensAt = body.opensAtInstant();
        Instant closesAt = body.closesAtInstant();
        sales.reopen(saleId, opensAt, closesAt);
        LOG.info("sale {} reopened from {} to {}", saleId, opensAt, closesAt);
        return ApiResponse.ok(SaleResponse.of(sales.view(saleId)));
    }

    /**
     * Any order. On AWS admins sign in to their own user pool, whose tokens the shoppers' routes (behind the
     * shoppers' pool authorizer) do not take, so operators and the rehearsal's audit read orders here.
     */
    private ApiResponse order(ApiRequest request) {
        String orderId = PathIds.orderId(request.path("orderId"));
        return ApiResponse.ok(OrderResponse.of(orders.get(orderId, Caller.admin(request.caller()))));
    }

    /** Cancels RESERVED or PAID orders (paid ones are refunded); one result per order, in request order. */
    private ApiResponse cancelOrders(ApiRequest request) {
        Requester admin = Caller.admin(request.caller());
        Requests.BulkCancel body = request.body(Requests.BulkCancel.class);
        if (body == null || body.orderIds() == null || body.orderIds().isEmpty() || body.orderIds().size() > MAX_BULK_CANCEL) {
            throw new CheckoutException.InvalidInput("orderIds must list 1 to " + MAX_BULK_CANCEL + " order ids");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw new CheckoutException.InvalidInput("a reason is required");
        }
        ReleaseService.requireValidReason(body.reason());
        body.orderIds().forEach(PathIds::orderId);
        List<BulkCancelResponse.Result> results = new ArrayList<>();
        for (String orderId : new LinkedHashSet<>(body.orderIds())) {
            try {
                Order cancelled = release.cancel(orderId, admin, body.reason());
                results.add(new BulkCancelResponse.Result(orderId, cancelled.status().name(), null, null));
            } catch (CheckoutException refused) {
                results.add(new BulkCancelResponse.Result(orderId, null, Problem.TYPE_PREFIX + refused.slug(), refused.getMessage()));
            }
        }
        LOG.info("admin cancel of {} orders: {}", results.size(), body.reason());
        return ApiResponse.ok(new BulkCancelResponse(results));
    }

    @Serdeable
    public record BulkCancelResponse(List<Result> results) {
        @Serdeable
        public record Result(String orderId, @Nullable String status, @Nullable String problemType, @Nullable String detail) {}
    }
}
