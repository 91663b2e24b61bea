package io.flashcheckout.checkout;

import io.flashcheckout.queue.OutboxMessage;
import io.flashcheckout.queue.RefundIssuedEvent;
import io.flashcheckout.queue.RefundMessage;

import java.util.Optional;

/**
 * The outbox relay of the refunds table: each change of a refund record, read from the table's change stream, that
 * needs a follow-up becomes a message. A new PENDING refund goes to the refund queue; a refund that became REFUNDED
 * goes to finance. The stream may repeat a change, so both consumers are idempotent.
 */
public final class RefundRelay {

    /**
     * @param before the record before the change, null for a new one; {@code after} null for a deletion
     * @return the message the change calls for, if any
     */
    public Optional<OutboxMessage> messageFor(Refund before, Refund after) {
        if (after == null) {
            return Optional.empty();
        }
        if (after.status() == Refund.Status.PENDING && before == null) {
            return Optional.of(OutboxMessage.refund(RefundMessage.of(after.refundId(), after.orderId())));
        }
        if (after.status() == Refund.Status.REFUNDED && (before == null || before.status() != Refund.Status.REFUNDED)) {
            return Optional.of(OutboxMessage.refundIssued(RefundIssuedEvent.of(after)));
        }
        return Optional.empty();
    }
}
