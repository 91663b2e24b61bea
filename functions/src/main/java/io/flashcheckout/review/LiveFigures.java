package io.flashcheckout.review;

import io.flashcheckout.checkout.OrderStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What an operator watches while a sale runs, counted from the sale's orders: orders and units per status, the orders
 * created in the last {@link #RECENT} (reservations per second), orders whose latest payment attempt was declined, and
 * the unpaid units whose hold ends within {@link #ENDING_SOON}. At most {@link #MAX_ORDERS} orders are counted
 * ({@code truncated} says when there were more), so the answer's cost has a ceiling.
 */
public record LiveFigures(Map<OrderStatus, Count> byStatus, long createdRecently, long declined, long holdsEndingSoonUnits,
                          long holdsEndingSoonOrders, long ordersCounted, boolean truncated) {
    public static final int MAX_ORDERS = 50_000;
    public static final Duration RECENT = Duration.ofSeconds(10);
    public static final Duration ENDING_SOON = Duration.ofSeconds(60);

    public record Count(long orders, long units) {}

    /** Adds orders one at a time, as the store reads them. */
    public static final class Tally {
        private final Instant now;
        private final Map<OrderStatus, long[]> byStatus = new EnumMap<>(OrderStatus.class);
        private long createdRecently;
        private long declined;
        private long endingUnits;
        private long endingOrders;
        private long counted;
        private boolean truncated;

        public Tally(Instant now) {
            this.now = now;
        }

        /** False once {@link #MAX_ORDERS} are counted: the caller stops reading. */
        public boolean add(OrderStatus status, long units, Instant createdAt, Instant holdExpiresAt, boolean declinedAttempt) {
            if (counted >= MAX_ORDERS) {
                truncated = true;
                return false;
            }
            counted++;
            long[] count = byStatus.computeIfAbsent(status, s -> new long[2]);
            count[0]++;
            count[1] += units;
            if (createdAt != null && !createdAt.isBefore(now.minus(RECENT))) {
                createdRecently++;
            }
            if (declinedAttempt) {
                declined++;
            }
            if (status == OrderStatus.RESERVED && holdExpiresAt != null && holdExpiresAt.isAfter(now)
                    && !holdExpiresAt.isAfter(now.plus(ENDING_SOON))) {
                endingUnits += units;
                endingOrders++;
            }
            return true;
        }

        public LiveFigures figures() {
            Map<OrderStatus, Count> counts = new EnumMap<>(OrderStatus.class);
            for (OrderStatus status : OrderStatus.values()) {
                long[] c = byStatus.getOrDefault(status, new long[2]);
                counts.put(status, new Count(c[0], c[1]));
            }
            return new LiveFigures(counts, createdRecently, declined, endingUnits, endingOrders, counted, truncated);
        }
    }
}
