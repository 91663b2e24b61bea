package io.flashcheckout.store;

import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Sale;

import java.time.Instant;
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
     * Moves the sale's window (a second wave for stock that came back) and clears the sold-out mark. The
     * definition hash stays the creating request's, so a retry of that request is still recognised.
     */
    Sale reschedule(Sale sale, Instant opensAt, Instant closesAt);

    /** Marks the sale sold out, unless stock was loaded since {@code sale} was read. */
    void markSoldOut(Sale sale, Instant now);

    /** Removes a sold-out mark after units came back; a no-op when there is none. */
    void clearSoldOut(String saleId);

    record Created(Sale sale, boolean created) {}
}
