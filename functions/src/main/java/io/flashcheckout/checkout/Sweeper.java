package io.flashcheckout.checkout;

import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.RefundMessage;
import io.flashcheckout.store.DueOrder;
import io.flashcheckout.store.DueRefund;
import io.flashcheckout.store.OrderStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The belt under the queues: a message send that failed after its write committed (a crash, an SQS outage) leaves
 * an order or refund that nothing will look at. Every minute the sweeper finds RESERVED orders past their hold,
 * PAYING orders past the payment grace and PENDING refunds past the relay grace, and sends their messages again.
 * Duplicates are harmless: every consumer is idempotent. What it re-sent it looks at again only after
 * {@code resweepAfter} (its place in the index moves), so a long provider outage does not add a message per stuck
 * order every minute.
 */
public final class Sweeper {
    private final OrderStore orders;
    private final CheckoutQueues queues;
    private final RecoverySettings settings;
    private final CheckoutMetrics metrics;
    private final Clock clock;

    public Sweeper(OrderStore orders, CheckoutQueues queues, RecoverySettings settings, CheckoutMetrics metrics, Clock clock) {
        this.orders = orders;
        this.queues = queues;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    public record Sweep(int holds, int payments, int refunds) {}

    public Sweep sweep() {
        Instant now = clock.instant();
        Instant nextLook = now.plus(settings.resweepAfter());
        int holds = 0;
        for (DueOrder due : orders.dueOrders(OrderStatus.RESERVED, now, settings.sweepBatch())) {
            queues.scheduleExpiry(HoldExpiryMessage.of(due.orderId(), due.dueAt()), Duration.ZERO);
            orders.postpone(due, nextLook);
            holds++;
        }
        int payments = 0;
        for (DueOrder due : orders.dueOrders(OrderStatus.PAYING, now.minus(settings.paymentGrace()), settings.sweepBatch())) {
            queues.scheduleRecovery(RecoveryMessage.of(due.orderId(), due.paymentAttempt()), Duration.ZERO);
            orders.postpone(due, nextLook.minus(settings.paymentGrace()));
            payments++;
        }
        int refunds = 0;
        for (DueRefund due : orders.pendingRefunds(now.minus(settings.relayGrace()), settings.sweepBatch())) {
            queues.requestRefund(RefundMessage.of(due.refundId(), Refund.orderIdOf(due.refundId())));
            orders.postpone(due, nextLook.minus(settings.relayGrace()));
            refunds++;
        }
        metrics.count(CheckoutEvent.SWEPT, holds + payments + refunds);
        return new Sweep(holds, payments, refunds);
    }
}
