package io.flashcheckout.http;

import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.review.LiveFigures;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/sales/{saleId}/live}: the sale as its page shows it, its orders counted by status
 * ({@code orders} and {@code units}), reservations per second over the last {@code recentSeconds}, payments by
 * outcome, refunds pending, unpaid holds ending within {@code endingSoonSeconds}, and the dead-letter queues' depths.
 */
@Serdeable
record LiveBody(SaleResponse sale, Instant at, Map<String, Count> ordersByStatus, int recentSeconds,
                long reservedRecently, double reservationsPerSecond, Payments payments, Count refundsPending,
                int endingSoonSeconds, HoldsEndingSoon holdsEndingSoon, List<DeadLetterQueue> deadLetters,
                long ordersCounted, boolean ordersTruncated) {

    /** Orders paid (PAID, and those since cancelled or refunded), being paid (outcome unknown), with a declined attempt. */
    @Serdeable
    record Payments(long paid, long paying, long declined) {}

    @Serdeable
    record Count(long orders, long units) {
        static Count of(LiveFigures.Count count) {
            return new Count(count.orders(), count.units());
        }
    }

    @Serdeable
    record HoldsEndingSoon(long orders, long units) {}

    @Serdeable
    record DeadLetterQueue(String queue, long messages) {}

    static LiveBody of(SaleResponse sale, Instant at, LiveFigures figures, Map<String, Long> deadLetters) {
        Map<String, Count> byStatus = new LinkedHashMap<>();
        figures.byStatus().forEach((status, count) -> byStatus.put(status.name(), Count.of(count)));
        Map<OrderStatus, LiveFigures.Count> counts = figures.byStatus();
        long paid = counts.get(OrderStatus.PAID).orders() + counts.get(OrderStatus.REFUND_PENDING).orders()
                + counts.get(OrderStatus.REFUNDED).orders();
        int recent = (int) LiveFigures.RECENT.toSeconds();
        return new LiveBody(sale, at, byStatus, recent, figures.createdRecently(),
                figures.createdRecently() / (double) recent,
                new Payments(paid, counts.get(OrderStatus.PAYING).orders(), figures.declined()),
                Count.of(counts.get(OrderStatus.REFUND_PENDING)), (int) LiveFigures.ENDING_SOON.toSeconds(),
                new HoldsEndingSoon(figures.holdsEndingSoonOrders(), figures.holdsEndingSoonUnits()),
                deadLetters.entrySet().stream().map(e -> new DeadLetterQueue(e.getKey(), e.getValue())).toList(),
                figures.ordersCounted(), figures.truncated());
    }
}
