package io.flashcheckout.queue;

/** Asks for a refund record to be paid out. Schema: {@code schemas/refund-requested.v1.json}. */
public record RefundMessage(String type, int version, String refundId, String orderId) implements QueueMessage {
    public static final String TYPE = "refund-requested";

    public static RefundMessage of(String refundId, String orderId) {
        return new RefundMessage(TYPE, 1, refundId, orderId);
    }

    void check() {
        Messages.requireSchema(this, TYPE, 1);
        Messages.require(refundId != null && Messages.REFUND_ID.matcher(refundId).matches(), "refundId is malformed");
        Messages.requireOrderId(orderId);
    }
}
