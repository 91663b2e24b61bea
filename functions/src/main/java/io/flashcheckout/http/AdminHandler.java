package io.flashcheckout.http;

import io.flashcheckout.channels.PoolMoves;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.closing.StoreClosingService;
import io.flashcheckout.queue.DeadLetterDepths;
import io.flashcheckout.review.OrderQuery;
import io.flashcheckout.review.ReviewService;
import io.flashcheckout.review.SaleActivity;
import io.flashcheckout.store.SaleStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The admin function: every route needs the scope {@code checkout/admin} from an issuer that may grant it. */
public class AdminHandler extends StepHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    static final int MAX_BULK_CANCEL = 100;
    static final int AUDIT_DEFAULT_LIMIT = 50;
    static final int AUDIT_MAX_LIMIT = 100;
    static final int MAX_CURSOR_CHARS = 600;
    private static final Pattern CLUSTER_ID = Pattern.compile("c-[0-9a-f]{16}");
    private static final Pattern CUSTOMER_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    @Inject
    StoreClosingService closing;

    @Inject
    SaleService sales;

    @Inject
    OrderLookup orders;

    @Inject
    ReviewService review;

    @Inject
    PoolMoves moves;

    @Inject
    SaleActivity activity;

    @Inject
    DeadLetterDepths deadLetters;

    @Inject
    Clock clock;

    private final Routes routes = Routes.of(
            Route.post("/admin/sales", Route.Who.ADMIN).to(this::createSale),
            Route.post("/admin/sales/{saleId}/restock", Route.Who.ADMIN).to(this::restock),
            Route.post("/admin/sales/{saleId}/reopen", Route.Who.ADMIN).to(this::reopen),
            Route.post("/admin/sales/{saleId}/pools/move", Route.Who.ADMIN).to(this::movePool),
            Route.post("/admin/orders/cancel", Route.Who.ADMIN).to(this::cancelOrders),
            Route.get("/admin/orders/{orderId}", Route.Who.ADMIN).to(this::order),
            Route.get("/admin/sales/{saleId}/orders", Route.Who.ADMIN).to(this::saleOrders),
            Route.get("/admin/sales/{saleId}/review", Route.Who.ADMIN).to(this::review),
            Route.post("/admin/sales/{saleId}/review/cancel", Route.Who.ADMIN).to(this::reviewCancel),
            Route.get("/admin/sales/{saleId}/live", Route.Who.ADMIN).to(this::live),
            Route.get("/admin/audit", Route.Who.ADMIN).to(this::audit),
            Route.post(ClosingRoute.PATH, Route.Who.ADMIN).to(request -> ClosingRoute.set(request, closing, review)));

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
        // a retry of the same definition (200) writes the entry a crash after the create may have lost; kept once
        review.recordAction(created.sale().saleId(), admin(request), "create-sale", "stock=" + created.sale().stock(),
                "create\n" + created.sale().definitionHash());
        LOG.info("sale {} {}", created.sale().saleId(), created.created() ? "created" : "already existed");
        SaleResponse sale = SaleResponse.of(sales.view(created.sale().saleId()));
        return created.created() ? ApiResponse.created(sale) : ApiResponse.ok(sale);
    }

    /** Adds units; an Idempotency-Key makes a retried restock count once (for ten minutes). */
    private ApiResponse restock(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        Requests.Restock body = request.body(Requests.Restock.class);
        long quantity = Requests.wholeQuantity(body == null ? null : body.quantity());
        String key = request.header("Idempotency-Key");
        String pool = body == null ? null : body.pool();
        sales.restock(saleId, quantity, key, pool);
        // one entry per call: a retry the key made count once is still a call an admin made (the detail names the key)
        review.recordAction(saleId, admin(request), "restock",
                "quantity=" + quantity + (pool == null ? "" : " pool=" + pool) + (key == null ? "" : " Idempotency-Key=" + key),
                UUID.randomUUID().toString());
        LOG.info("sale {} restocked with {}", saleId, quantity);
        return ApiResponse.ok(SaleResponse.of(sales.view(saleId)));
    }

    /**
     * Moves free units between two pools of a sale with channels, in one transaction; 409 when the source pool has
     * fewer free units. An Idempotency-Key makes a retried move count once (and another move under it a 422).
     */
    private ApiResponse movePool(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        Requests.PoolMove body = request.body(Requests.PoolMove.class);
        if (body == null) {
            throw new CheckoutException.InvalidInput("the body must be {\"from\": pool, \"to\": pool, \"units\": n}");
        }
        Long units = BoundedNumber.whole("units", body.units());
        if (units == null) {
            throw new CheckoutException.InvalidInput("units is required");
        }
        String key = request.header("Idempotency-Key");
        SaleStore.Moved moved = moves.move(saleId, body.from(), body.to(), units, key);
        review.recordAction(saleId, admin(request), "move-pool-units", "from=" + body.from() + " to=" + body.to()
                + " units=" + units + (moved.replayed() ? " (replayed)" : "") + (key == null ? "" : " Idempotency-Key=" + key),
                UUID.randomUUID().toString());
        LOG.info("sale {}: {} units moved from pool {} to {}", saleId, units, body.from(), body.to());
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
        review.recordAction(saleId, admin(request), "reopen",
                "opensAt=" + opensAt + " closesAt=" + closesAt, opensAt + "\n" + closesAt);
        LOG.info("sale {} reopened from {} to {}", saleId, opensAt, closesAt);
        return ApiResponse.ok(SaleResponse.of(sales.view(saleId)));
    }

    /**
     * Any order. On AWS admins sign in to their own user pool, whose tokens the shoppers' routes (behind the
     * shoppers' pool authorizer) do not take, so operators and the rehearsal's audit read orders here.
     */
    private ApiResponse order(ApiRequest request) {
        String orderId = PathIds.orderId(request.path("orderId"));
        return ApiResponse.ok(OrderResponse.forAdmin(orders.get(orderId, Caller.admin(request.caller()))));
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
        List<ReviewService.CancelResult> results = review.cancelAnywhere(body.orderIds(), body.reason(), admin);
        LOG.info("admin cancel of {} orders: {}", results.size(), body.reason());
        return ApiResponse.ok(new BulkCancelResponse(ReviewBodies.CancelResult.of(results)));
    }

    /** A page of the sale's orders, with their signals; filters by status, channel and customer. */
    private ApiResponse saleOrders(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        OrderQuery query = new OrderQuery(saleId, status(request.query("status")), channel(request.query("channel")),
                customer(request.query("customer")), limit(request.query("limit"), OrderQuery.DEFAULT_LIMIT, OrderQuery.MAX_LIMIT),
                cursor(request.query("cursor")));
        return ApiResponse.ok(ReviewBodies.OrdersPage.of(review.orders(query)));
    }

    /** The sale's scalper review: clusters of live and paid orders sharing a card, an IP or a device beyond the limit. */
    private ApiResponse review(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        return ApiResponse.ok(ReviewBodies.ReviewBody.of(review.review(saleId)));
    }

    /** Cancels a cluster of the review, or chosen orders of the sale, with one reason (paid ones are refunded). */
    private ApiResponse reviewCancel(ApiRequest request) {
        Requester admin = Caller.admin(request.caller());
        String saleId = PathIds.saleId(request.path("saleId"));
        ReviewBodies.ReviewCancelRequest body = request.body(ReviewBodies.ReviewCancelRequest.class);
        if (body == null || (body.cluster() == null) == (body.orderIds() == null)) {
            throw new CheckoutException.InvalidInput("the body names either a \"cluster\" or \"orderIds\", and a \"reason\"");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw new CheckoutException.InvalidInput("a reason is required");
        }
        ReleaseService.requireValidReason(body.reason());
        ReviewService.ReviewCancel done;
        if (body.cluster() != null) {
            if (!CLUSTER_ID.matcher(body.cluster()).matches()) {
                throw new CheckoutException.InvalidInput("cluster must be \"c-\" and 16 lowercase hex digits");
            }
            done = review.cancelCluster(saleId, body.cluster(), body.reason(), admin);
        } else {
            if (body.orderIds().isEmpty() || body.orderIds().size() > ReviewService.MAX_CANCEL) {
                throw new CheckoutException.InvalidInput("orderIds must list 1 to " + ReviewService.MAX_CANCEL + " order ids");
            }
            body.orderIds().forEach(PathIds::orderId);
            done = review.cancelChosen(saleId, body.orderIds(), body.reason(), admin);
        }
        LOG.info("review cancel in sale {}: {} orders, {} left", saleId, done.results().size(), done.remaining());
        return ApiResponse.ok(ReviewBodies.CancelResults.of(done));
    }

    /** What the operator's console shows while the sale runs: the sale, its orders counted by status, the DLQs. */
    private ApiResponse live(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        SaleResponse sale = SaleResponse.of(sales.view(saleId));
        Instant now = clock.instant();
        return ApiResponse.ok(LiveBody.of(sale, now, activity.figures(saleId, now), deadLetters.depths()));
    }

    /** The admin log of a sale, newest first. */
    private ApiResponse audit(ApiRequest request) {
        String saleId = request.query("saleId");
        if (saleId == null) {
            throw new CheckoutException.InvalidInput("saleId is required: the admin log is kept per sale");
        }
        PathIds.saleId(saleId);
        int limit = limit(request.query("limit"), AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT);
        return ApiResponse.ok(ReviewBodies.AuditPage.of(review.audit(saleId, limit, cursor(request.query("cursor")))));
    }

    private static String admin(ApiRequest request) {
        return Caller.admin(request.caller()).customerId();
    }

    private static OrderStatus status(String text) {
        if (text == null) {
            return null;
        }
        for (OrderStatus status : OrderStatus.values()) {
            if (status.name().equals(text)) {
                return status;
            }
        }
        throw new CheckoutException.InvalidInput("status must be one of " + java.util.Arrays.toString(OrderStatus.values()));
    }

    private static String channel(String text) {
        if (text != null && !NewSale.SLUG.matcher(text).matches()) {
            throw new CheckoutException.InvalidInput("channel must be 1-64 lowercase letters, digits and inner hyphens");
        }
        return text;
    }

    private static String customer(String text) {
        if (text != null && !CUSTOMER_ID.matcher(text).matches()) {
            throw new CheckoutException.InvalidInput("customer must be 1-128 visible ASCII characters");
        }
        return text;
    }

    private static int limit(String text, int byDefault, int max) {
        if (text == null) {
            return byDefault;
        }
        Long limit = BoundedNumber.whole("limit", text);
        if (limit == null || limit < 1 || limit > max) {
            throw new CheckoutException.InvalidInput("limit must be 1 to " + max);
        }
        return limit.intValue();
    }

    private static String cursor(String text) {
        if (text != null && (text.isEmpty() || text.length() > MAX_CURSOR_CHARS)) {
            throw new CheckoutException.InvalidInput("cursor is not one this listing gave; start again without it");
        }
        return text;
    }

    @Serdeable
    public record BulkCancelResponse(List<ReviewBodies.CancelResult> results) {}
}
