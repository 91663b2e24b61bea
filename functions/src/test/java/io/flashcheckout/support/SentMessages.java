package io.flashcheckout.support;

import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.RefundIssuedEvent;
import io.flashcheckout.queue.RefundMessage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The queue port for tests of the core that do not look at queues: it keeps what was sent. The queues themselves,
 * on ElasticMQ, are tested in the local stack's module.
 */
public final class SentMessages implements CheckoutQueues {
    public record Sent(Object message, Duration delay) {}

    public final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void scheduleExpiry(HoldExpiryMessage message, Duration delay) {
        sent.add(new Sent(message, delay));
    }

    @Override
    public void scheduleRecovery(RecoveryMessage message, Duration delay) {
        sent.add(new Sent(message, delay));
    }

    @Override
    public void requestRefund(RefundMessage message) {
        sent.add(new Sent(message, Duration.ZERO));
    }

    @Override
    public void announceRefund(RefundIssuedEvent event) {
        sent.add(new Sent(event, Duration.ZERO));
    }

    public <T> List<T> of(Class<T> type) {
        return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
    }
}
