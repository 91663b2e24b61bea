package io.flashcheckout.checkout;

import java.util.EnumSet;
import java.util.Set;

/**
 * The order state machine of DESIGN.md. Every move an order makes is checked here, and nowhere else.
 * <pre>
 * RESERVED --pay--> PAYING --charged--> PAID --cancel--> REFUND_PENDING --refunded--> REFUNDED
 *    |                 |--declined / nothing charged--> RESERVED
 *    |                 |--nothing charged, hold over--> EXPIRED
 *    |--cancel--> CANCELLED
 *    |--hold ends--> EXPIRED
 * </pre>
 */
public enum OrderStatus {
    RESERVED, PAYING, PAID, REFUND_PENDING, REFUNDED, CANCELLED, EXPIRED;

    public Set<OrderStatus> next() {
        return switch (this) {
            case RESERVED -> EnumSet.of(PAYING, CANCELLED, EXPIRED);
            case PAYING -> EnumSet.of(PAID, RESERVED, EXPIRED);
            case PAID -> EnumSet.of(REFUND_PENDING);
            case REFUND_PENDING -> EnumSet.of(REFUNDED);
            case REFUNDED, CANCELLED, EXPIRED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

    /** Units of an order in this status are taken from the stock shards (invariant 1). */
    public boolean holdsStock() {
        return this == RESERVED || this == PAYING || this == PAID;
    }
}
