package io.flashcheckout.checkout;

import io.flashcheckout.channels.Pool;

import java.util.ArrayList;
import java.util.List;

/**
 * A sale as a shopper sees it: its definition, its status now and the units left in its shards; with channels, also
 * each pool's units left ({@code pools} is null without).
 */
public record SaleView(Sale sale, SaleStatus status, long available, List<PoolLeft> pools) {

    public SaleView(Sale sale, SaleStatus status, long available) {
        this(sale, status, available, null);
    }

    /** The view with each pool's units left, summed from the shards read. */
    static SaleView of(Sale sale, SaleStatus status, long[] shards) {
        long available = java.util.Arrays.stream(shards).sum();
        if (!sale.pooled()) {
            return new SaleView(sale, status, available);
        }
        List<PoolLeft> pools = new ArrayList<>();
        for (Pool pool : sale.pools().pools()) {
            long left = 0;
            for (int i = pool.firstShard(); i < pool.firstShard() + pool.shards() && i < shards.length; i++) {
                left += shards[i];
            }
            pools.add(new PoolLeft(pool.name(), pool.loaded(), left));
        }
        return new SaleView(sale, status, available, List.copyOf(pools));
    }

    /** One pool: the units loaded into it (created, restocked, moved in minus moved out) and the units left. */
    public record PoolLeft(String name, long loaded, long available) {}
}
