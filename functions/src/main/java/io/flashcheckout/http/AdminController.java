package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.store.SaleStore;
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
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Admin routes: they need the scope {@code checkout/admin}. */
@Controller("/admin")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class AdminController {
    private static final Logger LOG = LoggerFactory.getLogger(AdminController.class);
    static final int MAX_BULK_CANCEL = 100;

    private final SaleService sales;
    private final ReleaseService release;
    private final OrderLookup orders;

    public AdminController(SaleService sales, ReleaseService release, OrderLookup orders) {
        this.sales = sales;
        this.release = release;
        this.orders = orders;
    }

    /** 201 for a new sale; 200 when the same definition exists already; 409 for another definition. */
    @Post("/sales")
    public HttpResponse<SaleResponse> createSale(@Nullable @Body SaleBody body, Authentication authentication) {
        Caller.admin(authentication);
        if (body == null) {
            throw new CheckoutException.InvalidInput("a sale body is required");
        }
        SaleStore.Created created = sales.create(body.toNewSale());
        LOG.info("sale {} {}", created.sale().saleId(), created.created() ? "created" : "already existed");
        SaleResponse sale = SaleResponse.of(sales.view(created.sale().saleId()));
        return created.created() ? HttpResponse.created(sale) : HttpResponse.ok(sale);
    }

    /** Adds units; an Idempotency-Key makes a retried restock count once (for ten minutes). */
    @Post("/sales/{saleId}/restock")
    public SaleResponse restock(@PathVariable String saleId, @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                @Nullable @Body Requests.Restock body, Authentication authentication) {
        Caller.admin(authentication);
        PathIds.saleId(saleId);
        long quantity = Requests.wholeQuantity(body == null ? null : body.quantity());
        sales.restock(saleId, quantity, idempotencyKey);
        LOG.info("sale {} restocked with {}", saleId, quantity);
        return SaleResponse.of(sales.view(saleId));
    }

    /** Opens the sale again in a new window (a second wave for stock that came back); clears the sold-out mark. */
    @Post("/sales/{saleId}/reopen")
    public SaleResponse reopen(@PathVariable String saleId, @Nullable @Body Requests.Reopen body, Authentication authentication) {
        Caller.admin(authentication);
        PathIds.saleId(saleId);
        if (body == null) {
            throw new CheckoutException.InvalidInput("the body must be {\"opensAt\": instant, \"closesAt\": instant}");
        }
        Instant opensAt = body.opensAtInstant();
        Instant closesAt = body.closesAtInstant();
        sales.reopen(saleId, opensAt, closesAt);
        LOG.info("sale {} reopened from {} to {}", saleId, opensAt, closesAt);
        return SaleResponse.of(sales.view(saleId));
    }

    /**
     * Any order. On AWS admins sign in to their own user pool, whose tokens the shoppers' routes (behind the
     * shoppers' pool authorizer) do not take, so operators and the rehearsal's audit read orders here.
     */
    @Get("/orders/{orderId}")
    public OrderResponse order(@PathVariable String orderId, Authentication authentication) {
        return OrderResponse.of(orders.get(orderId, Caller.admin(authentication)));
    }

    /** Cancels RESERVED or PAID orders (paid ones are refunded); one result per order, in request order. */
    @Post("/orders/cancel")
    public BulkCancelResponse cancelOrders(@Nullable @Body Requests.BulkCancel body, Authentication authentication) {
        Requester admin = Caller.admin(authentication);
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
        return new BulkCancelResponse(results);
    }

    @Serdeable
    public record BulkCancelResponse(List<Result> results) {
        @Serdeable
        public record Result(String orderId, @Nullable String status, @Nullable String problemType, @Nullable String detail) {}
    }
}
