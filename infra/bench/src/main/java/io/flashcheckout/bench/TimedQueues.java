package io.flashcheckout.bench;

import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.RefundIssuedEvent;
import io.flashcheckout.queue.RefundMessage;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The checkout's queue port in front of the real SQS one: times the hold-expiry sends a reserve makes, and can
 * skip them ({@link #sending(boolean)}) so a benchmark can tell what the send costs.
 */
public final class TimedQueues implements CheckoutQueues {
    private final Supplier<? extends CheckoutQueues> real;
    private volatile boolean send = true;
    private final LongAdder expirySends = new LongAdder();
    private final LongAdder expiryNanos = new LongAdder();

    public TimedQueues(Supplier<? extends CheckoutQueues> real) {
        this.real = real;
    }

    public void sending(boolean on) {
        this.send = on;
    }

    public boolean sending() {
        return send;
    }

    @Override
    public void scheduleExpiry(HoldExpiryMessage message, Duration delay) {
        if (!send) {
            return;
        }
        long started = System.nanoTime();
        try {
            real.get().scheduleExpiry(message, delay);
        } finally {
            expiryNanos.add(System.nanoTime() - started);
            expirySends.increment();
        }
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

    public long expirySends() {
        return expirySends.sum();
    }

    public long expiryNanos() {
        return expiryNanos.sum();
    }

    public void reset() {
        expirySends.reset();
        expiryNanos.reset();
    }
}
