package io.flashcheckout.checkout;

import java.time.Instant;

/**
 * Money to give back for one charge. Written in the same transaction as the order change that owes it (the
 * outbox); the refund worker settles it with {@code refundId} as the provider's idempotency key.
 */
public record Refund(
        String refundId,
        String orderId,
        String saleId,
        String customerId,
        String chargeId,
        Money amount,
        Status status,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        String providerRefundId) {

    public enum Status { PENDING, REFUNDED }

    /** One refund per charge: the id derives from the charge's idempotency key, so a retry cannot owe twice. */
    public static String idFor(Order order) {
        return idFor(order.orderId(), order.paymentAttempt());
    }

    public static String idFor(String orderId, int attempt) {
        return "rf-" + orderId + "-" + attempt;
    }

    /** The order a refund id belongs to: the inverse of {@link #idFor}. */
    public static String orderIdOf(String refundId) {
        return refundId.substring("rf-".length(), refundId.lastIndexOf('-'));
    }

    /** A refund for the charge of an earlier payment attempt than the order's current one. */
    public static Refund owedForAttempt(Order order, int attempt, String chargeId, String reason, Instant now) {
        return new Refund(idFor(order.orderId(), attempt), order.orderId(), order.saleId(), order.customerId(),
                chargeId, order.amount(), Status.PENDING, reason, now, now, null);
    }

    public static Refund owedFor(Order order, String chargeId, String reason, Instant now) {
        return owedForAttempt(order, order.paymentAttempt(), chargeId, reason, now);
    }

    /** PENDING -> REFUNDED: the provider paid it out under {@code providerRefund}. */
    public Refund refunded(String providerRefund, Instant now) {
        if (status != Status.PENDING) {
            throw new IllegalStateException("refund " + refundId + " is " + status);
        }
        return new Refund(refundId, orderId, saleId, customerId, chargeId, amount, Status.REFUNDED, reason, createdAt,
                now, providerRefund);
    }
}
