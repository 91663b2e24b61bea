package io.flashcheckout.http;

import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.review.AuditEntry;
import io.flashcheckout.review.AuditLog;
import io.flashcheckout.review.Cluster;
import io.flashcheckout.review.OrderPage;
import io.flashcheckout.review.ReviewService;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** The bodies of the admin listing, review and log routes. */
final class ReviewBodies {
    private ReviewBodies() {}

    @Serdeable
    record ReviewCancelRequest(@Nullable String cluster, @Nullable List<String> orderIds, @Nullable String reason) {}

    @Serdeable
    record OrdersPage(@JsonInclude(JsonInclude.Include.ALWAYS) List<OrderResponse> orders, @Nullable String nextCursor) {
        static OrdersPage of(OrderPage page) {
            return new OrdersPage(page.orders().stream().map(OrderResponse::forAdmin).toList(), page.nextCursor());
        }
    }

    /**
     * A review: the first {@link ReviewService#MAX_CLUSTERS} clusters, each with its first
     * {@link ReviewService#MAX_ORDERS_PER_CLUSTER} orders; the counts say how many there are in all.
     */
    @Serdeable
    record ReviewBody(String saleId, int perCustomerLimit, int ordersReviewed, boolean ordersTruncated,
                      int clusterCount, @JsonInclude(JsonInclude.Include.ALWAYS) List<ClusterBody> clusters) {
        static ReviewBody of(ReviewService.Review review) {
            List<ClusterBody> shown = review.clusters().stream().limit(ReviewService.MAX_CLUSTERS).map(ClusterBody::of).toList();
            return new ReviewBody(review.saleId(), review.perCustomerLimit(), review.ordersReviewed(), review.truncated(),
                    review.clusters().size(), shown);
        }
    }

    @Serdeable
    record ClusterBody(String clusterId, long units, int customers, int orderCount, List<ReasonBody> reasons,
                       List<OrderResponse> orders) {
        static ClusterBody of(Cluster c) {
            return new ClusterBody(c.clusterId(), c.units(), c.customers(), c.orders().size(),
                    c.reasons().stream().map(r -> new ReasonBody(r.signal(), r.value(), r.units(), r.customers(), r.orders())).toList(),
                    c.orders().stream().limit(ReviewService.MAX_ORDERS_PER_CLUSTER).map(OrderResponse::forAdmin).toList());
        }
    }

    /** A shared signal beyond the limit: {@code card}, {@code ip} or {@code device}, its value and what shares it. */
    @Serdeable
    record ReasonBody(String signal, String value, long units, int customers, int orders) {}

    @Serdeable
    record CancelResults(@Nullable String clusterId, @JsonInclude(JsonInclude.Include.ALWAYS) List<CancelResult> results, int remaining) {
        static CancelResults of(ReviewService.ReviewCancel cancel) {
            return new CancelResults(cancel.clusterId(), CancelResult.of(cancel.results()), cancel.remaining());
        }
    }

    /** One order's cancel, as the bulk cancel answers it too. */
    @Serdeable
    record CancelResult(String orderId, @Nullable OrderStatus status, @Nullable String problemType, @Nullable String detail) {
        static List<CancelResult> of(List<ReviewService.CancelResult> results) {
            return results.stream().map(r -> new CancelResult(r.orderId(), r.status(),
                    r.problemSlug() == null ? null : Problem.TYPE_PREFIX + r.problemSlug(), r.detail())).toList();
        }
    }

    @Serdeable
    record AuditPage(@JsonInclude(JsonInclude.Include.ALWAYS) List<AuditBody> entries, @Nullable String nextCursor) {
        static AuditPage of(AuditLog.AuditPage page) {
            return new AuditPage(page.entries().stream().map(AuditBody::of).toList(), page.nextCursor());
        }
    }

    @Serdeable
    record AuditBody(String auditId, String saleId, Instant at, String actor, String action, @Nullable String reason,
                     @JsonInclude(JsonInclude.Include.ALWAYS) List<String> targets, @Nullable String detail) {
        static AuditBody of(AuditEntry e) {
            return new AuditBody(e.auditId(), e.saleId(), e.at(), e.actor(), e.action(), e.reason(), e.targets(), e.detail());
        }
    }
}
