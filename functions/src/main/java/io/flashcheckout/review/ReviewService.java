package io.flashcheckout.review;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.stock.SaleLookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's side of a sale: its orders listed through the index, the scalper review, cancelling what the review
 * found, and the admin log those actions leave.
 */
public final class ReviewService {
    /** The live and paid orders a review reads at most (a bigger sale is reviewed on its first ones, and says so). */
    public static final int MAX_REVIEWED_ORDERS = 50_000;
    /** The clusters an answer shows at most, largest first. */
    public static final int MAX_CLUSTERS = 50;
    /** The orders an answer shows per cluster at most (the cluster's totals count all of them). */
    public static final int MAX_ORDERS_PER_CLUSTER = 100;
    /** The orders one cancel call cancels at most; a bigger cluster is cancelled by calling again. */
    public static final int MAX_CANCEL = 100;
    static final List<OrderStatus> REVIEWED = List.of(OrderStatus.RESERVED, OrderStatus.PAYING, OrderStatus.PAID);
    /**
     * How long a cancel of a cluster may work from this process's last review of the sale instead of reviewing it
     * again: a review reads every live order of the sale, and an operator cancels the clusters of one review one
     * after the other (at 50,000 orders and hundreds of clusters, a review per cancel took most of an hour here).
     * An order that joined the cluster since is found by the next review.
     */
    static final Duration REVIEW_REUSE = Duration.ofSeconds(10);

    private final SaleOrders orders;
    private final SaleLookup sales;
    private final OrderLookup lookup;
    private final ReleaseService release;
    private final AuditLog audit;
    private final Clock clock;
    /** Per sale, the clusters of this process's last review, each without the orders cancelled from it since. */
    private final Cache<String, Map<String, Cluster>> lastReview = Caffeine.newBuilder()
            .expireAfterWrite(REVIEW_REUSE).maximumSize(16).build();

    public ReviewService(SaleOrders orders, SaleLookup sales, OrderLookup lookup, ReleaseService release, AuditLog audit,
                         Clock clock) {
        this.orders = orders;
        this.sales = sales;
        this.lookup = lookup;
        this.release = release;
        this.audit = audit;
        this.clock = clock;
    }

    /** A page of the sale's orders (the sale must exist: a typo is a 404, not an empty list). */
    public OrderPage orders(OrderQuery query) {
        sales.get(query.saleId());
        return orders.page(query);
    }

    /** The sale's clusters, from at most {@link #MAX_REVIEWED_ORDERS} of its live and paid orders. */
    public Review review(String saleId) {
        Sale sale = sales.get(saleId);
        List<Order> live = orders.inStatuses(saleId, REVIEWED, MAX_REVIEWED_ORDERS);
        boolean truncated = live.size() > MAX_REVIEWED_ORDERS;
        List<Order> reviewed = truncated ? live.subList(0, MAX_REVIEWED_ORDERS) : live;
        List<Cluster> clusters = ScalperReview.clusters(new ArrayList<>(reviewed), sale.perCustomerLimit());
        Map<String, Cluster> byId = new HashMap<>();
        clusters.forEach(c -> byId.putIfAbsent(c.clusterId(), c));
        lastReview.put(saleId, Map.copyOf(byId));
        return new Review(saleId, sale.perCustomerLimit(), reviewed.size(), truncated, clusters);
    }

    /**
     * Cancels the orders of the sale's cluster {@code clusterId} as this process's review of the last
     * {@link #REVIEW_REUSE} saw it, less what was cancelled from it since, or else as a review sees it now (at most
     * {@link #MAX_CANCEL}; {@link ReviewCancel#remaining()} says how many are left for the next call). A cluster the
     * review no longer shows because an earlier call cancelled it answers that call's orders as they are now.
     */
    public ReviewCancel cancelCluster(String saleId, String clusterId, String reason, Requester admin) {
        ReleaseService.requireValidReason(reason);
        Optional<Cluster> found = Optional.ofNullable(lastReview.getIfPresent(saleId)).map(clusters -> clusters.get(clusterId))
                .or(() -> review(saleId).clusters().stream().filter(c -> c.clusterId().equals(clusterId)).findFirst());
        if (found.isEmpty()) {
            List<AuditEntry> earlier = audit.naming(saleId, "review-cancel", clusterId, 1);
            if (earlier.isEmpty()) {
                throw new CheckoutException.NotFound("sale " + saleId + " has no cluster " + clusterId + " in its review");
            }
            List<String> ids = earlier.getFirst().targets().subList(1, earlier.getFirst().targets().size());
            return new ReviewCancel(clusterId, cancel(saleId, ids, reason, admin), 0);
        }
        List<String> ids = found.get().orders().stream().map(Order::orderId).toList();
        List<String> now = ids.subList(0, Math.min(ids.size(), MAX_CANCEL));
        List<String> targets = new ArrayList<>();
        targets.add(clusterId);
        targets.addAll(now);
        // the entry first: a crash after it leaves an entry whose orders the retry (same input, same entry) cancels
        audit.record(AuditEntry.of(saleId, clock.instant(), admin.customerId(), "review-cancel", reason, targets,
                found.get().reasons().size() + " signal(s), " + found.get().units() + " units",
                String.join(",", targets) + "\n" + reason));
        List<CancelResult> results = cancel(saleId, now, reason, admin);
        forgetCancelled(saleId, clusterId, Set.copyOf(now));
        return new ReviewCancel(clusterId, results, ids.size() - now.size());
    }

    /** The cluster in the kept review loses the orders just cancelled; one left with none is gone. */
    private void forgetCancelled(String saleId, String clusterId, Set<String> cancelled) {
        lastReview.asMap().computeIfPresent(saleId, (id, clusters) -> {
            Cluster cluster = clusters.get(clusterId);
            if (cluster == null) {
                return clusters;
            }
            Map<String, Cluster> left = new HashMap<>(clusters);
            Cluster rest = cluster.without(cancelled);
            if (rest == null) {
                left.remove(clusterId);
            } else {
                left.put(clusterId, rest);
            }
            return Map.copyOf(left);
        });
    }

    /** Cancels the chosen orders of the sale (1 to {@link #MAX_CANCEL}), recorded as one review cancel. */
    public ReviewCancel cancelChosen(String saleId, List<String> orderIds, String reason, Requester admin) {
        ReleaseService.requireValidReason(reason);
        sales.get(saleId);
        List<String> ids = List.copyOf(new LinkedHashSet<>(orderIds));
        audit.record(AuditEntry.of(saleId, clock.instant(), admin.customerId(), "review-cancel", reason, ids, null,
                String.join(",", ids) + "\n" + reason));
        return new ReviewCancel(null, cancel(saleId, ids, reason, admin), 0);
    }

    /**
     * Cancels orders of any sales (the admins' bulk cancel): one result per distinct id, in request order, and one
     * admin log entry per sale whose orders it named.
     */
    public List<CancelResult> cancelAnywhere(List<String> orderIds, String reason, Requester admin) {
        Map<String, CancelResult> refused = new LinkedHashMap<>();
        Map<String, List<String>> bySale = new LinkedHashMap<>();
        List<String> ids = List.copyOf(new LinkedHashSet<>(orderIds));
        for (String orderId : ids) {
            try {
                bySale.computeIfAbsent(lookup.get(orderId, admin).saleId(), k -> new ArrayList<>()).add(orderId);
            } catch (CheckoutException notFound) {
                refused.put(orderId, CancelResult.refused(orderId, notFound));
            }
        }
        // the entries first, as for a review cancel: a retry after a crash finds them and cancels what they name
        bySale.forEach((saleId, named) -> audit.record(AuditEntry.of(saleId, clock.instant(), admin.customerId(),
                "cancel-orders", reason, named, null, String.join(",", named) + "\n" + reason)));
        List<CancelResult> results = new ArrayList<>();
        for (String orderId : ids) {
            CancelResult known = refused.get(orderId);
            if (known != null) {
                results.add(known);
                continue;
            }
            try {
                results.add(CancelResult.done(release.cancel(orderId, admin, reason)));
            } catch (CheckoutException failed) {
                results.add(CancelResult.refused(orderId, failed));
            }
        }
        return results;
    }

    /**
     * Keeps an admin action that is not a cancel in the log, once it was done; {@code identity} tells a retry of the
     * same action (which writes the entry a crash may have kept it from writing) from a new one.
     */
    public void recordAction(String saleId, String actor, String action, String detail, String identity) {
        audit.record(AuditEntry.of(saleId, clock.instant(), actor, action, null, List.of(), detail, identity));
    }

    public AuditLog.AuditPage audit(String saleId, int limit, String cursor) {
        return audit.page(saleId, limit, cursor);
    }

    /** Cancels orders of {@code saleId}; an order of another sale is refused as not found, and left alone. */
    private List<CancelResult> cancel(String saleId, List<String> orderIds, String reason, Requester admin) {
        List<CancelResult> results = new ArrayList<>();
        for (String orderId : orderIds) {
            try {
                Order order = lookup.get(orderId, admin);
                if (!order.saleId().equals(saleId)) {
                    throw new CheckoutException.NotFound("no order " + orderId + " in sale " + saleId);
                }
                results.add(CancelResult.done(release.cancel(orderId, admin, reason)));
            } catch (CheckoutException refused) {
                results.add(CancelResult.refused(orderId, refused));
            }
        }
        return results;
    }

    /** A review of a sale: its clusters (all of them; the HTTP answer shows the first {@link #MAX_CLUSTERS}). */
    public record Review(String saleId, int perCustomerLimit, int ordersReviewed, boolean truncated,
                         List<Cluster> clusters) {}

    /** What a cancel did: one result per order, and how many of the cluster's orders are left for another call. */
    public record ReviewCancel(String clusterId, List<CancelResult> results, int remaining) {}

    /** One order's cancel: its status now, or the refusal's slug and message. */
    public record CancelResult(String orderId, OrderStatus status, String problemSlug, String detail) {
        static CancelResult done(Order order) {
            return new CancelResult(order.orderId(), order.status(), null, null);
        }

        static CancelResult refused(String orderId, CheckoutException refused) {
            return new CancelResult(orderId, null, refused.slug(), refused.getMessage());
        }
    }
}
