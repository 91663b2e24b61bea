package io.flashcheckout.channels;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.OrderIds;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardSplit;
import io.flashcheckout.store.SaleStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An admin moves free units from one pool of a sale to another: one transaction takes them from the source pool's
 * shards (each only if it still holds them) and puts them on one of the target's shards, and moves both pools'
 * loaded stock, so invariant 1 holds per pool before and after. Units held by orders are not free and stay.
 */
public final class PoolMoves {
    /** A transaction holds 100 items: the sale item, the target shard and the move's record take three. */
    static final int MAX_SOURCE_SHARDS = 97;
    private static final int ATTEMPTS = 5;
    private final SaleStore sales;
    private final SaleLookup lookup;

    public PoolMoves(SaleStore sales, SaleLookup lookup) {
        this.sales = sales;
        this.lookup = lookup;
    }

    /**
     * @param requestToken the admin's Idempotency-Key (null: none): the same key again answers the same move as a
     *                     replay, another move under it is a conflict
     */
    public SaleStore.Moved move(String saleId, String fromName, String toName, long units, String requestToken) {
        if (!ChannelPools.validName(fromName) || !ChannelPools.validName(toName)) {
            throw new CheckoutException.InvalidInput("from and to must name pools of the sale");
        }
        if (fromName.equals(toName)) {
            throw new CheckoutException.InvalidInput("from and to must be two different pools");
        }
        if (units < 1 || units > NewSale.MAX_STOCK) {
            throw new CheckoutException.InvalidInput("units must be between 1 and " + NewSale.MAX_STOCK);
        }
        if (requestToken != null && !OrderIds.isValidKey(requestToken)) {
            throw new CheckoutException.InvalidInput("an Idempotency-Key must be 8-255 visible ASCII characters");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Sale sale = sales.find(saleId).orElseThrow(() -> new CheckoutException.NotFound("no sale " + saleId));
            if (!sale.pooled()) {
                throw new CheckoutException.InvalidInput("sale " + saleId + " has no channel pools");
            }
            Pool from = sale.pools().pool(fromName)
                    .orElseThrow(() -> new CheckoutException.InvalidInput("sale " + saleId + " has no pool " + fromName));
            Pool to = sale.pools().pool(toName)
                    .orElseThrow(() -> new CheckoutException.InvalidInput("sale " + saleId + " has no pool " + toName));
            long[] shards = sales.shardStock(sale);
            Map<Integer, Long> free = new LinkedHashMap<>();
            for (int shard = from.firstShard(); shard < from.firstShard() + from.shards(); shard++) {
                free.put(shard, shards[shard]);
            }
            ShardSplit split = ShardSplit.largestFirst(free, (int) Math.min(units, Integer.MAX_VALUE), MAX_SOURCE_SHARDS);
            if (!split.covers()) {
                // a replay of a move that emptied the pool is still answered as the move it was
                SaleStore.Moved replay = requestToken == null ? null : sales.replayedMove(sale, from, to, units, requestToken);
                if (replay != null) {
                    return replay;
                }
                throw new CheckoutException.Conflict("pool " + fromName + " has " + split.left() + " free unit(s), fewer than "
                        + units);
            }
            int toShard = to.firstShard() + ThreadLocalRandom.current().nextInt(to.shards());
            SaleStore.Moved moved = sales.movePool(sale, from, to, split.takes(), toShard, requestToken);
            if (moved != null) {
                lookup.forget(saleId);
                return moved;
            }
        }
        throw new CheckoutException.Busy("the shards of pool " + fromName + " kept changing; try again", null);
    }
}
