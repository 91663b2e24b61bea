package io.flashcheckout.stock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.SaleStore;

import java.time.Duration;
import java.util.Optional;

/**
 * A short in-process cache of sales. At 9,500 reserves a second one sale item would need more reads than a
 * DynamoDB partition serves; with this each process reads it about once per TTL. Unknown ids are cached too,
 * so a storm of requests for a sale that does not exist costs no more.
 */
public final class SaleLookup {
    private final SaleStore sales;
    private final Cache<String, Optional<Sale>> cache;

    public SaleLookup(SaleStore sales, Duration ttl) {
        this.sales = sales;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    public Optional<Sale> find(String saleId) {
        return cache.get(saleId, sales::find);
    }

    public void forget(String saleId) {
        cache.invalidate(saleId);
    }
}
