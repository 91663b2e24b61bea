package io.flashcheckout.checkout;

import java.time.Duration;
import java.time.Instant;

/**
 * A flash sale of one SKU. {@code stockLoaded} is the initial stock plus every restock: the right-hand side of
 * invariant 1. {@code soldOutAt} is the sold-out mark (null when unmarked); it only counts while it was made at
 * the current stockLoaded and is younger than the caller's mark lifetime.
 */
public record Sale(
        String saleId,
        String sku,
        String title,
        Money price,
        long stock,
        long stockLoaded,
        int perCustomerLimit,
        Instant opensAt,
        Instant closesAt,
        int holdSeconds,
        int shards,
        Instant createdAt,
        Instant soldOutAt,
        long soldOutStockLoaded,
        String definitionHash) {

    public boolean isOpenAt(Instant now) {
        return !now.isBefore(opensAt) && now.isBefore(closesAt);
    }

    public SaleStatus statusAt(Instant now, long available) {
        if (now.isBefore(opensAt)) {
            return SaleStatus.UPCOMING;
        }
        if (!now.isBefore(closesAt)) {
            return SaleStatus.CLOSED;
        }
        return available <= 0 ? SaleStatus.SOLD_OUT : SaleStatus.OPEN;
    }

    /** True while a sold-out mark stands for the current stock and is younger than {@code markLifetime}. */
    public boolean markedSoldOut(Instant now, Duration markLifetime) {
        return soldOutAt != null
                && soldOutStockLoaded == stockLoaded
                && now.isBefore(soldOutAt.plus(markLifetime));
    }

    public Duration hold() {
        return Duration.ofSeconds(holdSeconds);
    }
}
