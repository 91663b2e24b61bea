package io.flashcheckout.checkout;

import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.payment.RefundOutcome;
import io.flashcheckout.payment.RefundRequest;
import io.flashcheckout.queue.RefundMessage;
import io.flashcheckout.store.OrderStore;

import java.time.Clock;
import java.util.Optional;

/**
 * Pays a refund record out: refunds the charge at the provider with the refund id as idempotency key (a retry
 * never refunds twice), then marks the refund REFUNDED and, when the refund belongs to a cancelled paid order,
 * that order REFUNDED too, in one transaction.
 */
public final class RefundPayout {
    private static final int MAX_ROUNDS = 5;

    private final OrderStore orders;
    private final PaymentGateway gateway;
    private final CheckoutMetrics metrics;
    private final Clock clock;

    public RefundPayout(OrderStore orders, PaymentGateway gateway, CheckoutMetrics metrics, Clock clock) {
        this.orders = orders;
        this.gateway = gateway;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws RefundNotPaidException when the provider did not refund (retry later, or a person must look)
     */
    public Followup handle(RefundMessage message) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Refund refund = orders.findRefund(message.refundId())
                    .orElseThrow(() -> new CheckoutException.NotFound("no refund " + message.refundId()));
            if (refund.status() == Refund.Status.REFUNDED) {
                return Followup.DONE;
            }
            RefundOutcome outcome = gateway.refund(new RefundRequest(refund.refundId(), refund.chargeId(), refund.amount()));
            switch (outcome) {
                case RefundOutcome.Refunded paid -> {
                    if (settle(refund, paid.providerRefundId())) {
                        metrics.count(CheckoutEvent.REFUNDED);
                        return Followup.DONE;
                    }
                }
                case RefundOutcome.Rejected rejected -> {
                    orders.parkRefund(refund.refundId());
                    metrics.count(CheckoutEvent.REFUND_REJECTED);
                    throw new RefundNotPaidException(
                            "the provider rejected refund " + refund.refundId() + ": " + rejected.reason(), false);
                }
                case RefundOutcome.Unknown unknown -> throw new RefundNotPaidException(
                        "refund " + refund.refundId() + " has no answer from the provider: " + unknown.cause(), true);
            }
        }
        throw new IllegalStateException("refund " + message.refundId() + " kept changing while it was paid out");
    }

    private boolean settle(Refund pending, String providerRefundId) {
        Refund refunded = pending.refunded(providerRefundId, clock.instant());
        Optional<Order> order = orders.find(pending.orderId())
                .filter(o -> o.status() == OrderStatus.REFUND_PENDING && pending.refundId().equals(o.refundId()));
        return orders.settleRefund(pending, refunded, order.orElse(null),
                order.map(o -> o.refunded(clock.instant())).orElse(null));
    }

    /** The provider did not pay the refund out; {@code transient} says whether asking again may help. */
    public static final class RefundNotPaidException extends RuntimeException {
        private final boolean retryable;

        public RefundNotPaidException(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
