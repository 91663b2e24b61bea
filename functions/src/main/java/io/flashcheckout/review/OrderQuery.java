package io.flashcheckout.review;

import io.flashcheckout.checkout.OrderStatus;

/**
 * Which of a sale's orders an admin lists: every filter may be null.
 *
 * @param limit  1 to {@link #MAX_LIMIT} orders per page
 * @param cursor the opaque {@link OrderPage#nextCursor()} of the previous page, or null for the first
 */
public record OrderQuery(String saleId, OrderStatus status, String channel, String customerId, int limit, String cursor) {
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;

    public OrderQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
    }
}
