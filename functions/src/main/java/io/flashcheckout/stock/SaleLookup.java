package io.flashcheckout.stock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.SaleStore;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * A short in-process cache of sales. At 9,500 reserves a second one sale item would need more reads than a
 * DynamoDB partition serves; with this each process reads it about once per TTL. Unknown ids are cached too,
 * so a storm of requests for a sale that does not exist costs no more.
 *
 * <p>The units a sale shows ({@link #shownAvailable}) are cached the same way, for the sale page: a flood of
 * page views costs one eventually consistent read of the shards per process and TTL. Nothing decides on them:
 * reserve takes stock with conditional writes, whatever a page said.
 */
public final class SaleLookup {
    private final SaleStore sales;
    private final Cache<String, Optional<Sale>> cache;
    private final Cache<String, long[]> shown;

    public SaleLookup(SaleStore sales, Duration ttl) {
        this.sales = sales;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
        this.shown = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    public Optional<Sale> find(String saleId) {
        return cache.get(saleId, sales::find);
    }

    /** The sale, from the cache; an id no sale can have, or no such sale, is not found. */
    public Sale get(String saleId) {
        if (saleId == null || !NewSale.SLUG.matcher(saleId).matches()) {
            throw new CheckoutException.NotFound("no sale " + saleId);
        }
        return find(saleId).orElseThrow(() -> new CheckoutException.NotFound("no sale " + saleId));
    }

    /** The units left in the sale's shards, as shown to shoppers: at most one TTL old, from an eventually consistent read. */
    public long shownAvailable(Sale sale) {
        return Arrays.stream(shownShards(sale)).sum();
    }

    /** The units left per shard as shown to shoppers, from the same cached read as {@link #shownAvailable}. */
    public long[] shownShards(Sale sale) {
        return shown.get(sale.saleId(), id -> sales.recentShardStock(sale));
    }

    public void forget(String saleId) {
        cache.invalidate(saleId);
        shown.invalidate(saleId);
    }
}
