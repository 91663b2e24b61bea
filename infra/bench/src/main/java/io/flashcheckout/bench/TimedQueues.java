package io.flashcheckout.bench;

import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.OutboxMessage;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.RefundIssuedEvent;
import io.flashcheckout.queue.RefundMessage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The checkout's queue port in front of the real SQS one: counts and times the relay's batch sends, and how long
 * after its reservation each hold-expiry message went out (the hold minus the delay the relay gave it: the relay
 * counts the delay from its own clock).
 */
public final class TimedQueues implements CheckoutQueues {
    private final Supplier<? extends CheckoutQueues> real;
    private final Duration hold;
    private final LongAdder relayed = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder sendNanos = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile Histogram lagMicros = new ConcurrentHistogram(3_600_000_000L, 3);

    /** @param hold the hold of the sales whose reservations are relayed */
    public TimedQueues(Supplier<? extends CheckoutQueues> real, Duration hold) {
        this.real = real;
        this.hold = hold;
    }

    @Override
    public void scheduleExpiry(HoldExpiryMessage message, Duration delay) {
        real.get().scheduleExpiry(message, delay);
    }

    @Override
    public void scheduleRecovery(RecoveryMessage message, Duration delay) {
        real.get().scheduleRecovery(message, delay);
    }

    @Override
    public void requestRefund(RefundMessage message) {
        real.get().requestRefund(message);
    }

    @Override
    public void announceRefund(RefundIssuedEvent event) {
        real.get().announceRefund(event);
    }

    @Override
    public List<Integer> sendAll(List<OutboxMessage> messages) {
        long started = System.nanoTime();
        List<Integer> unsent = real.get().sendAll(messages);
        sendNanos.add(System.nanoTime() - started);
        batches.increment();
        relayed.add(messages.size() - unsent.size());
        failed.add(unsent.size());
        Histogram lag = lagMicros;
        for (OutboxMessage m : messages) {
            if (m.queue() == QueueNames.HOLD_EXPIRY) {
                lag.recordValue(Math.max(1, hold.minus(m.delay()).toNanos() / 1000));
            }
        }
        return unsent;
    }

    /** What the relay sent since the last {@link #take}: messages handed to SQS, invocations that sent, their time. */
    public record Sent(long messages, long batches, long sendNanos, long failed, Histogram lagMicros) {}

    /** What was sent since the last take; a send meanwhile counts in this take or the next, never in none. */
    public Sent take() {
        Histogram lag = lagMicros;
        lagMicros = new ConcurrentHistogram(3_600_000_000L, 3);
        return new Sent(relayed.sumThenReset(), batches.sumThenReset(), sendNanos.sumThenReset(), failed.sumThenReset(), lag);
    }
}
