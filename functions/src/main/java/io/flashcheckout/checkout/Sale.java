package io.flashcheckout.checkout;

import io.flashcheckout.admission.Admission;
import io.flashcheckout.admission.RoomState;
import io.flashcheckout.channels.ChannelPools;

import java.time.Duration;
import java.time.Instant;

/**
 * A flash sale of one SKU. {@code stockLoaded} is the initial stock plus every restock: the right-hand side of
 * invariant 1. {@code soldOutAt} is the sold-out mark (null when unmarked); it only counts while it was made at
 * the current stockLoaded and is younger than the caller's mark lifetime. {@code admission} is the sale's waiting room
 * (null: none, anyone may reserve) and {@code room} what its advancer last wrote (null before its first tick).
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
        String definitionHash,
        Admission admission,
        RoomState room,
        ChannelPools pools) {

    /** A sale without channel pools. */
    public Sale(String saleId, String sku, String title, Money price, long stock, long stockLoaded, int perCustomerLimit,
                Instant opensAt, Instant closesAt, int holdSeconds, int shards, Instant createdAt, Instant soldOutAt,
                long soldOutStockLoaded, String definitionHash, Admission admission, RoomState room) {
        this(saleId, sku, title, price, stock, stockLoaded, perCustomerLimit, opensAt, closesAt, holdSeconds, shards,
                createdAt, soldOutAt, soldOutStockLoaded, definitionHash, admission, room, null);
    }

    /** A sale without a waiting room. */
    public Sale(String saleId, String sku, String title, Money price, long stock, long stockLoaded, int perCustomerLimit,
                Instant opensAt, Instant closesAt, int holdSeconds, int shards, Instant createdAt, Instant soldOutAt,
                long soldOutStockLoaded, String definitionHash) {
        this(saleId, sku, title, price, stock, stockLoaded, perCustomerLimit, opensAt, closesAt, holdSeconds, shards,
                createdAt, soldOutAt, soldOutStockLoaded, definitionHash, null, null, null);
    }

    /** The stock is split into channel pools ({@code pools}; null: one stock for every caller). */
    public boolean pooled() {
        return pools != null;
    }

    /** Shoppers join a waiting room and reserve only with an admission token. */
    public boolean queued() {
        return admission != null;
    }

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
