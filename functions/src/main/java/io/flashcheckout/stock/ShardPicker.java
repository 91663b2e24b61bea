package io.flashcheckout.stock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flashcheckout.checkout.Sale;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The order in which a reserve tries a sale's shards: from a random shard on, wrapping around, so shoppers
 * spread over the partitions. Shards this process saw empty within the hint TTL go last, not away: a reserve
 * still tries every shard before it answers sold out.
 */
public final class ShardPicker {
    private final Duration hintTtl;
    private final Cache<String, AtomicLongArray> seenEmptyAt = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(10_000).build();

    public ShardPicker(Duration hintTtl) {
        this.hintTtl = hintTtl;
    }

    public int[] order(Sale sale, Instant now) {
        int n = sale.shards();
        AtomicLongArray empty = hints(sale);
        long freshSince = now.minus(hintTtl).toEpochMilli();
        int start = ThreadLocalRandom.current().nextInt(n);
        int[] order = new int[n];
        int front = 0;
        int back = n - 1;
        for (int i = 0; i < n; i++) {
            int shard = (start + i) % n;
            if (empty.length() == n && empty.get(shard) > freshSince) {
                order[back--] = shard;
            } else {
                order[front++] = shard;
            }
        }
        return order;
    }

    public void sawShort(Sale sale, int shard, Instant now) {
        AtomicLongArray empty = hints(sale);
        if (shard < empty.length()) {
            empty.set(shard, now.toEpochMilli());
        }
    }

    /**
     * Whether this process saw any of the shards {@code firstShard} to {@code firstShard + count - 1} short within the
     * hint TTL: the sale (a pool of it) is near its end.
     */
    public boolean sawAnyShort(Sale sale, int firstShard, int count, Instant now) {
        AtomicLongArray empty = hints(sale);
        long freshSince = now.minus(hintTtl).toEpochMilli();
        for (int shard = firstShard; shard < Math.min(firstShard + count, empty.length()); shard++) {
            if (empty.get(shard) > freshSince) {
                return true;
            }
        }
        return false;
    }

    public void sawStock(Sale sale, int shard) {
        AtomicLongArray empty = hints(sale);
        if (shard < empty.length()) {
            empty.set(shard, 0);
        }
    }

    private AtomicLongArray hints(Sale sale) {
        return seenEmptyAt.get(sale.saleId(), id -> new AtomicLongArray(sale.shards()));
    }
}
