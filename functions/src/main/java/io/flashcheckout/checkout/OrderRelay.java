package io.flashcheckout.checkout;

import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.OutboxMessage;
import io.flashcheckout.queue.RecoveryMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outbox relay of the orders table: reserve and pay only write, and each change read from the table's stream
 * that needs a follow-up becomes its delayed message. A new RESERVED order asks for its hold's end; a move to PAYING
 * (a new payment attempt) asks for recovery once the payment grace is over. The delays count from the write, not
 * from the relay, so a relay running behind does not push the follow-ups later. The stream may repeat a change;
 * both consumers are idempotent, and a message that arrives early is looked at again when due.
 */
public final class OrderRelay {
    private final RecoverySettings settings;
    private final Clock clock;

    public OrderRelay(RecoverySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param before the order before the change, null for a new one
     * @param after  the order after it, null for a deletion
     * @return the message the change calls for, if any
     */
    public Optional<OutboxMessage> messageFor(Order before, Order after) {
        if (after == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (before == null && after.status() == OrderStatus.RESERVED) {
            return Optional.of(OutboxMessage.holdExpiry(HoldExpiryMessage.of(after.orderId(), after.holdExpiresAt()),
                    Duration.between(now, after.holdExpiresAt())));
        }
        if (after.status() == OrderStatus.PAYING && startedAttempt(before, after)) {
            return Optional.of(OutboxMessage.recovery(RecoveryMessage.of(after.orderId(), after.paymentAttempt()),
                    Duration.between(now, after.updatedAt().plus(settings.paymentGrace()))));
        }
        return Optional.empty();
    }

    private static boolean startedAttempt(Order before, Order after) {
        return before == null || before.status() != OrderStatus.PAYING || before.paymentAttempt() != after.paymentAttempt();
    }
}
