package io.flashcheckout.stock;

import io.flashcheckout.channels.ChannelPools;
import io.flashcheckout.channels.Pool;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.SaleStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The sale's sold-out mark, and each channel pool's: written by the reservation that leaves the shelf (the pool)
 * empty, not by the next shopper who asks, and removed by the release that puts units back.
 *
 * <p>A mark never stays while units exist: after writing it the shards are read again, and units found there (a
 * release that committed between the read that saw the shelf empty and the mark) remove it; a release that commits
 * after the mark reads the sale item afterwards (strongly consistent, not the cached copy) and removes the mark it
 * finds. Each removal checks, in the same transaction, that the units are still on their shard, so a mark made true
 * again (the returned units taken at once) stays. The marks carry the time they were written (the clock then, not
 * the request's start), since they are believed for a lifetime from it.
 */
public final class SoldOutMark {
    /** Removals tried on the shards that held units after a mark, before leaving it to the releases' own. */
    private static final int WITHDRAW_ROUNDS = 3;
    /** A mark this young is not written again (a process's copy of the sale is at most its cache TTL, 1 s, old). */
    private static final Duration FRESH = Duration.ofSeconds(1);
    private final SaleStore sales;
    private final SaleLookup lookup;
    private final Clock clock;

    public SoldOutMark(SaleStore sales, SaleLookup lookup, Clock clock) {
        this.sales = sales;
        this.lookup = lookup;
        this.clock = clock;
    }

    /**
     * After a reservation took the last units of {@code shard}, as far as it knows (its own plan did not say): one
     * read of that shard, and only if it is empty, one read of the sale's shards; marks the sale (and the pool) if
     * they are empty.
     */
    public void afterTakingFrom(Sale sale, int shard) {
        if (sales.shardUnits(sale, shard) == 0) {
            afterEmptying(sale, sale.pooled() ? sale.pools().ofShard(shard) : null);
        }
    }

    /**
     * After a reservation whose plan said it leaves the sale (with pools: {@code pool}; null for a sale without them)
     * empty: reads every shard once and marks what is empty. The reads and the marks' conditions decide, not the plan.
     */
    public void afterEmptying(Sale sale, Pool pool) {
        long[] units = sales.shardStock(sale);
        if (pool != null && emptyPool(units, pool)) {
            markPool(sale, pool);
        }
        if (Arrays.stream(units).sum() == 0) {
            mark(sale);
        }
    }

    /**
     * Marks the sale, read empty at its stock loaded, sold out; reads the shards again and removes the mark if units
     * came back in between.
     *
     * @return whether the mark stands (every shard still empty after it was written)
     */
    public boolean mark(Sale sale) {
        lookup.forget(sale.saleId());
        Optional<Sale> stored = sales.find(sale.saleId());
        Instant now = clock.instant();
        if (stored.isPresent() && stored.get().soldOutAt() != null && stored.get().soldOutStockLoaded() == sale.stockLoaded()
                && stored.get().soldOutAt().isAfter(now.minus(FRESH))) {
            // marked a moment ago (by a shopper whose copy of the sale was as old): one read, not another write on the
            // sale item every shopper's process would otherwise write at the same moment; an older mark is renewed
            return true;
        }
        sales.markSoldOut(sale, now);
        for (int round = 0; round < WITHDRAW_ROUNDS; round++) {
            long[] units = sales.shardStock(sale);
            int fullest = fullest(units);
            if (units[fullest] == 0 || sales.clearSoldOut(sale, fullest)) {
                return units[fullest] == 0;
            }
        }
        return false;
    }

    /**
     * Marks one pool sold out (its shards read empty at its units loaded); reads them again and removes the pools'
     * marks if units came back in between.
     *
     * @return the pools with their marks as they now stand, or null when the pool was loaded meanwhile
     */
    public ChannelPools markPool(Sale sale, Pool pool) {
        ChannelPools marked = sales.markPoolSoldOut(sale, pool, clock.instant());
        lookup.forget(sale.saleId());
        if (marked != null) {
            long[] units = sales.shardStock(sale);
            if (!emptyPool(units, pool)) {
                sales.clearPoolMarks(sale.saleId());
                return sales.find(sale.saleId()).map(Sale::pools).orElse(marked);
            }
        }
        return marked;
    }

    /**
     * After a release returned units to {@code shard}: removes the sale's mark and the pools' marks that the sale item
     * holds now, read after the release committed.
     */
    public void unitsBack(String saleId, int shard) {
        Optional<Sale> now = sales.find(saleId);
        now.ifPresent(sale -> {
            if (sale.soldOutAt() != null) {
                sales.clearSoldOut(sale, shard);
            }
            if (sale.pooled() && sale.pools().anyMarked()) {
                sales.clearPoolMarks(saleId);
            }
        });
        lookup.forget(saleId);
    }

    private static boolean emptyPool(long[] units, Pool pool) {
        return IntStream.range(pool.firstShard(), pool.firstShard() + pool.shards()).allMatch(shard -> units[shard] == 0);
    }

    private static int fullest(long[] units) {
        int fullest = 0;
        for (int shard = 1; shard < units.length; shard++) {
            if (units[shard] > units[fullest]) {
                fullest = shard;
            }
        }
        return fullest;
    }
}
