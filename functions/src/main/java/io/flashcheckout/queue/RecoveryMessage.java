package io.flashcheckout.queue;

/**
 * Asks for a payment attempt to be settled if it is still open when the message arrives.
 * Schema: {@code schemas/checkout-recovery.v1.json}.
 */
public record RecoveryMessage(String type, int version, String orderId, int paymentAttempt) implements QueueMessage {
    public static final String TYPE = "checkout-recovery";

    public static RecoveryMessage of(String orderId, int paymentAttempt) {
        return new RecoveryMessage(TYPE, 1, orderId, paymentAttempt);
    }

    void check() {
        Messages.requireSchema(this, TYPE, 1);
        Messages.requireOrderId(orderId);
        Messages.require(paymentAttempt >= 1, "paymentAttempt must be 1 or more");
    }
}
