package io.flashcheckout.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Sends several messages, as few calls as the queues allow (a relay's batch). A message that could not be sent
     * does not stop the others.
     *
     * @return the positions in {@code messages} of those not sent, ascending; empty when all were sent
     */
    default List<Integer> sendAll(List<OutboxMessage> messages) {
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            try {
                send(messages.get(i));
            } catch (QueueSendException e) {
                failed.add(i);
            }
        }
        return failed;
    }

    /** One message, by the method of its queue (so a port that only overrides those still sees each message). */
    private void send(OutboxMessage m) {
        switch (m.message()) {
            case HoldExpiryMessage expiry -> scheduleExpiry(expiry, m.delay());
            case RecoveryMessage recovery -> scheduleRecovery(recovery, m.delay());
            case RefundMessage refund -> requestRefund(refund);
            case RefundIssuedEvent issued -> announceRefund(issued);
        }
    }

    /** Thrown when a message could not be handed to its queue; nothing was sent. */
    final class QueueSendException extends RuntimeException {
        public QueueSendException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
