package io.flashcheckout.queue;

import java.time.Instant;

/** Asks for an order's hold to be ended once it is due. Schema: {@code schemas/hold-expiry.v1.json}. */
public record HoldExpiryMessage(String type, int version, String orderId, Instant holdExpiresAt) implements QueueMessage {
    public static final String TYPE = "hold-expiry";

    public static HoldExpiryMessage of(String orderId, Instant holdExpiresAt) {
        return new HoldExpiryMessage(TYPE, 1, orderId, holdExpiresAt);
    }

    void check() {
        Messages.requireSchema(this, TYPE, 1);
        Messages.requireOrderId(orderId);
        Messages.require(holdExpiresAt != null, "holdExpiresAt is required");
    }
}
