package io.flashcheckout.channels;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.Signals;
import io.flashcheckout.stock.ShardPicker;
import io.flashcheckout.stock.ShardSplit;
import io.flashcheckout.stock.SoldOutMark;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.store.ReserveOutcome;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.store.ShardTake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reserve on a sale with channel pools: the caller's channel comes from their token's app client (the sale maps app
 * clients to channels); a request may name a channel only to have it checked. An order takes from its channel's
 * pool, then from the shared pool, each as a sale without pools takes from its shards (one shard, then several of
 * that pool), never from two pools at once: released, its units go back to its shard and so to its pool. A pool
 * found empty in every shard gets its sold-out mark, as does the pool a reservation leaves empty ({@link SoldOutMark}); when
 * every pool is marked the sale gets its own.
 */
public final class PoolReserve {
    private static final int SPLIT_ATTEMPTS = 5;
    private final SaleStore sales;
    private final OrderStore orders;
    private final ShardPicker shards;
    private final Duration markLifetime;
    private final SoldOutMark soldOut;
    /**
     * The pools this process found empty, with the units loaded into them then: until more are loaded, only released
     * units come back, and a reservation that takes one of them may leave the pool empty again.
     */
    private final Cache<String, Long> ranShort = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(10_000).build();

    public PoolReserve(SaleStore sales, OrderStore orders, ShardPicker shards, Duration markLifetime, SoldOutMark soldOut) {
        this.sales = sales;
        this.orders = orders;
        this.shards = shards;
        this.markLifetime = markLifetime;
        this.soldOut = soldOut;
    }

    /**
     * The signals of the order with its channel: the caller's, bound to their app client (null on a sale without
     * pools, or for a caller in no channel). A channel named in the request ({@code seen.channel()}) that is not the
     * caller's is refused before anything is written.
     */
    public static Signals bind(Sale sale, Requester shopper, Signals seen) {
        String named = seen.channel();
        if (!sale.pooled()) {
            if (named != null) {
                throw new CheckoutException.WrongChannel("sale " + sale.saleId() + " has no channels");
            }
            return seen;
        }
        String own = sale.pools().channelOf(shopper.appClient()).map(Pool::name).orElse(null);
        if (named != null && !named.equals(own)) {
            throw new CheckoutException.WrongChannel("your app does not sell in channel " + named + " of sale " + sale.saleId()
                    + (own == null ? "" : "; it sells in " + own));
        }
        if (own == null && sale.pools().shared().isEmpty()) {
            throw new CheckoutException.WrongChannel("your app sells in no channel of sale " + sale.saleId());
        }
        return seen.withChannel(own);
    }

    /**
     * Takes the order's units from its channel's pool, else the shared pool.
     *
     * @param saleRanShort this process saw the whole sale sold out at its stock loaded, so any take may leave a pool
     *                     empty
     *
     * @return anything but short shards: reserved, the earlier order, or over the limit
     * @throws CheckoutException.SoldOut when neither pool can give the quantity
     */
    public ReserveOutcome reserve(Sale sale, Order order, Instant now, boolean saleRanShort) {
        ChannelPools pools = sale.pools();
        List<Pool> tried = new ArrayList<>();
        pools.pool(order.signals().channel() == null ? "" : order.signals().channel()).ifPresent(tried::add);
        pools.shared().ifPresent(tried::add);
        long left = 0;
        for (Pool pool : tried) {
            if (pools.markedSoldOut(pool.name(), now, markLifetime)) {
                ranShort.put(poolKey(sale, pool), pool.loaded());
                continue;
            }
            PoolTake take = fromPool(sale, pool, order, now, saleRanShort);
            if (take.outcome() != null) {
                return take.outcome();
            }
            left += take.left();
            if (take.empty()) {
                ranShort.put(poolKey(sale, pool), pool.loaded());
                ChannelPools marked = soldOut.markPool(sale, pool);
                pools = marked == null ? pools : marked;
            }
        }
        if (pools.allMarked(now, markLifetime)) {
            soldOut.mark(sale);
        }
        String channel = order.signals().channel() == null ? "the shared pool" : "channel " + order.signals().channel();
        throw new CheckoutException.SoldOut(left == 0
                ? channel + " of sale " + sale.saleId() + " is sold out"
                : "only " + left + " unit(s) are left for " + channel + " of sale " + sale.saleId() + ", not in one pool's reach");
    }

    /** One pool: each shard alone from a random one on, then one transaction over several of its shards. */
    private PoolTake fromPool(Sale sale, Pool pool, Order order, Instant now, boolean saleRanShort) {
        Map<Integer, Long> seen = new LinkedHashMap<>();
        boolean throttled = false;
        for (int shard : order(sale, pool, now)) {
            ReserveOutcome outcome = orders.reserve(sale, order.onShard(shard), List.of(new ShardTake(shard, order.quantity())));
            if (outcome instanceof ReserveOutcome.Throttled) {
                throttled = true;
                continue;
            }
            if (!(outcome instanceof ReserveOutcome.ShardsShort shortShard)) {
                if (outcome instanceof ReserveOutcome.Reserved && (!seen.isEmpty() || saleRanShort || ranShort(sale, pool)
                        || shards.sawAnyShort(sale, pool.firstShard(), pool.shards(), now))) {
                    soldOut.afterTakingFrom(sale, shard);
                }
                return new PoolTake(outcome, 0, false);
            }
            shards.sawShort(sale, shard, now);
            seen.putAll(shortShard.available());
        }
        if (throttled) {
            throw new CheckoutException.Busy("the shards of sale " + sale.saleId() + " are at their write rate; try again", null);
        }
        for (int attempt = 0; attempt < SPLIT_ATTEMPTS; attempt++) {
            ShardSplit split = ShardSplit.largestFirst(seen, order.quantity(), OrderStore.MAX_SHARDS_PER_RESERVE);
            if (!split.covers()) {
                return new PoolTake(null, split.left(), split.left() == 0);
            }
            ReserveOutcome outcome = orders.reserve(sale, order.onShard(split.takes().getFirst().shard()), split.takes());
            if (!(outcome instanceof ReserveOutcome.ShardsShort)) {
                if (outcome instanceof ReserveOutcome.Reserved && split.left() == order.quantity()) {
                    soldOut.afterEmptying(sale, pool);
                }
                return new PoolTake(outcome, 0, false);
            }
            seen = shardsNow(sale, pool, now);
        }
        throw new CheckoutException.Busy("the shards of sale " + sale.saleId() + " kept changing; try again", null);
    }

    private boolean ranShort(Sale sale, Pool pool) {
        Long loaded = ranShort.getIfPresent(poolKey(sale, pool));
        return loaded != null && loaded == pool.loaded();
    }

    private static String poolKey(Sale sale, Pool pool) {
        return sale.saleId() + "/" + pool.name();
    }

    private int[] order(Sale sale, Pool pool, Instant now) {
        return java.util.Arrays.stream(shards.order(sale, now)).filter(pool::holdsShard).toArray();
    }

    private Map<Integer, Long> shardsNow(Sale sale, Pool pool, Instant now) {
        long[] units = sales.shardStock(sale);
        Map<Integer, Long> seen = new LinkedHashMap<>();
        for (int shard : order(sale, pool, now)) {
            seen.put(shard, units[shard]);
        }
        return seen;
    }

    /** What one pool gave: an outcome, or none with the units the pool held and whether every shard was empty. */
    private record PoolTake(ReserveOutcome outcome, long left, boolean empty) {}
}
