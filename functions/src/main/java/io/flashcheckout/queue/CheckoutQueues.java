package io.flashcheckout.queue;

import java.time.Duration;

/**
 * The work that must survive a crash, handed to queues. Every message may arrive more than once and in any order;
 * consumers are idempotent. A send that fails throws {@link QueueSendException}.
 */
public interface CheckoutQueues {
    /** The longest delay a queue gives one message (SQS: 15 minutes); a longer wait is re-scheduled on arrival. */
    Duration MAX_DELAY = Duration.ofMinutes(15);

    void scheduleExpiry(HoldExpiryMessage message, Duration delay);

    void scheduleRecovery(RecoveryMessage message, Duration delay);

    void requestRefund(RefundMessage message);

    void announceRefund(RefundIssuedEvent event);

    /** Thrown when a message could not be handed to its queue; nothing was sent. */
    final class QueueSendException extends RuntimeException {
        public QueueSendException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
