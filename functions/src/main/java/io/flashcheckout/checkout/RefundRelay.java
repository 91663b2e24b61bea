package io.flashcheckout.checkout;

import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.RefundIssuedEvent;
import io.flashcheckout.queue.RefundMessage;

/**
 * The outbox relay: each change of a refund record, read from the refunds table's change stream, becomes a message.
 * A new PENDING refund goes to the refund queue; a refund that became REFUNDED goes to finance. The stream may repeat
 * a change, so both consumers are idempotent.
 */
public final class RefundRelay {
    private final CheckoutQueues queues;

    public RefundRelay(CheckoutQueues queues) {
        this.queues = queues;
    }

    /** @param before the record before the change, null for a new one; {@code after} null for a deletion */
    public void changed(Refund before, Refund after) {
        if (after == null) {
            return;
        }
        if (after.status() == Refund.Status.PENDING && before == null) {
            queues.requestRefund(RefundMessage.of(after.refundId(), after.orderId()));
        } else if (after.status() == Refund.Status.REFUNDED && (before == null || before.status() != Refund.Status.REFUNDED)) {
            queues.announceRefund(RefundIssuedEvent.of(after));
        }
    }
}
