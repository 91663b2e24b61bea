package io.flashcheckout.queue;

import java.util.List;

/** The checkout's queues, without the stage prefix; each has a {@code -dlq} twin. */
public enum QueueNames {
    HOLD_EXPIRY("hold-expiry"),
    CHECKOUT_RECOVERY("checkout-recovery"),
    REFUNDS("refunds"),
    REFUND_ISSUED("refund-issued");

    public static final String DLQ_SUFFIX = "-dlq";

    private final String baseName;

    QueueNames(String baseName) {
        this.baseName = baseName;
    }

    public String baseName() {
        return baseName;
    }

    public String name(String prefix) {
        return prefix + baseName;
    }

    public String deadLetterName(String prefix) {
        return prefix + baseName + DLQ_SUFFIX;
    }

    public static List<QueueNames> all() {
        return List.of(values());
    }
}
