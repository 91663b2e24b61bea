package io.flashcheckout.checkout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;

/**
 * The sales this process has seen run short: every shard held fewer units than a shopper asked for (or the sold-out
 * mark said so), at the stock loaded then. Until a restock raises that stock, the only units that come back are the
 * few a release returns, and a release clears the sold-out mark: a reserve that then probed every shard with its own
 * transaction (each cancelled but one) was what answered the crowd after a sell-out at ~9 a second on DynamoDB Local,
 * which runs one transaction at a time. For such a sale a reserve reads the shards once and transacts only on the
 * shard(s) that hold units; the transaction's conditions still decide.
 */
final class LastUnits {
    private final Cache<String, Long> ranShortAtStock = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(10_000).build();

    /** The sale ran short at its current stock: a release, not a restock, is all that can have refilled it. */
    void ranShort(Sale sale) {
        ranShortAtStock.put(sale.saleId(), sale.stockLoaded());
    }

    boolean reached(Sale sale) {
        Long loaded = ranShortAtStock.getIfPresent(sale.saleId());
        return loaded != null && loaded == sale.stockLoaded();
    }
}
