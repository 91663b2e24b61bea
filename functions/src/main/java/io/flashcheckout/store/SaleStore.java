package io.flashcheckout.store;

import io.flashcheckout.channels.ChannelPools;
import io.flashcheckout.channels.Pool;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sales and their stock shards. */
public interface SaleStore {

    /**
     * Writes the sale and its shards. Returns the stored sale and whether this call created it; a sale id that
     * exists with another definition is a {@link io.flashcheckout.checkout.CheckoutException.Conflict}.
     */
    Created create(NewSale sale, Instant now);

    Optional<Sale> find(String saleId);

    /** Units left per shard, index = shard number. */
    long[] shardStock(Sale sale);

    /**
     * {@link #shardStock} from a read that may miss the last second's writes (half the read cost in DynamoDB):
     * for what shoppers are shown, never for a decision.
     */
    default long[] recentShardStock(Sale sale) {
        return shardStock(sale);
    }

    /**
     * Adds units spread over the shards (from {@code firstShard} on) and to the sale's loaded stock, in one
     * transaction, and clears the sold-out mark. A {@code requestToken} (the admin's Idempotency-Key) seen in the last
     * ten minutes is not applied twice; it may be null.
     */
    Sale restock(Sale sale, long quantity, int firstShard, String requestToken);

    /**
     * Moves the sale's window (a second wave for stock that came back) and clears the sold-out marks, the sale's and
     * its pools'. The definition hash stays the creating request's, so a retry of that request is still recognised.
     */
    Sale reschedule(Sale sale, Instant opensAt, Instant closesAt);

    /**
     * The units of one shard, from a strongly consistent read: {@link #shardStock}'s value for that shard, for one
     * partition's read.
     */
    default long shardUnits(Sale sale, int shard) {
        return shardStock(sale)[shard];
    }

    /** Marks the sale sold out at {@code now}, unless stock was loaded since {@code sale} was read. */
    void markSoldOut(Sale sale, Instant now);

    /**
     * Removes the sale's sold-out mark, but only while shard {@code shardWithUnits} holds a unit, checked by the same
     * write: a mark that is true again by then (the units taken) stays.
     *
     * @return whether a mark was removed
     */
    boolean clearSoldOut(Sale sale, int shardWithUnits);

    /**
     * Marks one pool sold out, unless units were loaded into it since {@code sale} was read. Returns the pools with
     * their marks as they now stand, or null when the pool was loaded meanwhile.
     */
    default ChannelPools markPoolSoldOut(Sale sale, Pool pool, Instant now) {
        throw new UnsupportedOperationException("this store keeps no pools");
    }

    /** Removes every pool's sold-out mark (units came back); a no-op for a sale without pools. */
    default void clearPoolMarks(String saleId) {
    }

    /**
     * Restocks one pool: as {@link #restock} but over that pool's shards only, and into its {@code loaded} as well.
     */
    default Sale restockPool(Sale sale, Pool pool, long quantity, int firstShard, String requestToken) {
        throw new UnsupportedOperationException("this store keeps no pools");
    }

    /**
     * Moves units between two pools in one transaction: the {@code takes} from the source pool's shards (each only if
     * the shard still holds them), {@code units} onto the target's shard {@code toShard}, and both pools' {@code loaded}.
     * With a {@code requestToken} the transaction also writes a record of the move under that token, so the same token
     * again is answered as a replay (the same move) or a conflict (another move), never applied twice.
     *
     * @return the sale after the move, or null when a source shard no longer held what the plan took from it
     */
    default Moved movePool(Sale sale, Pool from, Pool to, List<ShardTake> takes, int toShard, String requestToken) {
        throw new UnsupportedOperationException("this store keeps no pools");
    }

    /**
     * The move made earlier under {@code requestToken}, if it was this same move; null when none was made under it.
     * Another move under the token is an {@link io.flashcheckout.checkout.CheckoutException.IdempotencyConflict}.
     */
    default Moved replayedMove(Sale sale, Pool from, Pool to, long units, String requestToken) {
        return null;
    }

    record Created(Sale sale, boolean created) {}

    record Moved(Sale sale, boolean replayed) {}
}
