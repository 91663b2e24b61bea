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
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The belt under the queues: a message send that failed after its write committed (a crash, an SQS outage) leaves
 * an order or refund that nothing will look at. Every minute the sweeper finds RESERVED orders past their hold,
 * PAYING orders past the payment grace, ended payment attempts whose second look (a late charge) is overdue and
 * PENDING refunds past the relay grace, and sends their messages again.
 * Duplicates are harmless: every consumer is idempotent. What it re-sent it looks at again only after
 * {@code resweepAfter} (its place in the index moves), so a long provider outage does not add a message per stuck
 * order every minute.
 */
public final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
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

    /**
     * What one run re-sent, per kind, and how many kinds it had to give up on: a send or index read that failed
     * stops that kind (its queue or index is failing: the rest waits for the next run, its place in the index
     * unchanged) and never the others.
     */
    public record Sweep(int holds, int payments, int refunds, int failures) {}

    public Sweep sweep() {
        Instant now = clock.instant();
        Instant nextLook = now.plus(settings.resweepAfter());
        Duration grace = settings.paymentGrace();
        Kind holds = sweepKind("hold expiries", () -> orders.dueOrders(OrderStatus.RESERVED, now, settings.sweepBatch()), due -> {
            queues.scheduleExpiry(HoldExpiryMessage.of(due.orderId(), due.dueAt()), Duration.ZERO);
            orders.postpone(due, nextLook);
        });
        Kind payments = sweepKind("recoveries", () -> orders.dueOrders(OrderStatus.PAYING, now.minus(grace), settings.sweepBatch()), due -> {
            queues.scheduleRecovery(RecoveryMessage.of(due.orderId(), due.paymentAttempt()), Duration.ZERO);
            orders.postpone(due, nextLook.minus(grace));
        });
        Kind lateChecks = sweepKind("second looks at ended payments", () -> orders.dueLateChargeChecks(now.minus(settings.relayGrace()), settings.sweepBatch()), due -> {
            queues.scheduleRecovery(RecoveryMessage.of(due.orderId(), due.paymentAttempt()), Duration.ZERO);
            orders.postpone(due, nextLook.minus(settings.relayGrace()));
        });
        Kind refunds = sweepKind("refunds", () -> orders.pendingRefunds(now.minus(settings.relayGrace()), settings.sweepBatch()), due -> {
            queues.requestRefund(RefundMessage.of(due.refundId(), Refund.orderIdOf(due.refundId())));
            orders.postpone(due, nextLook.minus(settings.relayGrace()));
        });
        metrics.count(CheckoutEvent.SWEPT, holds.sent() + payments.sent() + lateChecks.sent() + refunds.sent());
        return new Sweep(holds.sent(), payments.sent() + lateChecks.sent(), refunds.sent(),
                Stream.of(holds, payments, lateChecks, refunds).mapToInt(kind -> kind.failed() ? 1 : 0).sum());
    }

    private record Kind(int sent, boolean failed) {}

    private static <T> Kind sweepKind(String kind, Supplier<List<T>> due, Consumer<T> resend) {
        int sent = 0;
        try {
            for (T item : due.get()) {
                resend.accept(item);
                sent++;
            }
            return new Kind(sent, false);
        } catch (RuntimeException e) {
            LOG.warn("sweep of {} stopped after {} re-sent; the rest waits for the next run: {}", kind, sent, e.toString());
            return new Kind(sent, true);
        }
    }
}
