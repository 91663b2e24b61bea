package io.flashcheckout.queue;

import java.time.Duration;
import java.util.Objects;

/** A message a relay hands to a queue for a change it read from a table's stream. */
public record OutboxMessage(QueueNames queue, QueueMessage message, Duration delay) {
    public OutboxMessage {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(message, "message");
        delay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    }

    public static OutboxMessage holdExpiry(HoldExpiryMessage message, Duration delay) {
        return new OutboxMessage(QueueNames.HOLD_EXPIRY, message, delay);
    }

    public static OutboxMessage recovery(RecoveryMessage message, Duration delay) {
        return new OutboxMessage(QueueNames.CHECKOUT_RECOVERY, message, delay);
    }

    public static OutboxMessage refund(RefundMessage message) {
        return new OutboxMessage(QueueNames.REFUNDS, message, Duration.ZERO);
    }

    public static OutboxMessage refundIssued(RefundIssuedEvent event) {
        return new OutboxMessage(QueueNames.REFUND_ISSUED, event, Duration.ZERO);
    }
}
