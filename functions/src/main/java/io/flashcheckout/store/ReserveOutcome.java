package io.flashcheckout.store;

import io.flashcheckout.checkout.Order;

import java.util.Map;

/** What one reserve transaction (on one shard, or on several) ended in. */
public sealed interface ReserveOutcome {

    record Reserved(Order order) implements ReserveOutcome {}

    /** An order with that id exists already (a retry, or a key reused for another request). */
    record Duplicate(Order existing) implements ReserveOutcome {}

    /**
     * A partition the write needed (its shard's, or an index partition of the order, which follows the shard) was
     * over its write rate: nothing was written; another shard may take it now.
     */
    record Throttled() implements ReserveOutcome {}

    /** The customer's count would go past the sale's limit. */
    record OverLimit(long unitsHeld) implements ReserveOutcome {}

    /**
     * Some shards had fewer units than the transaction took from them: each such shard with the units it had
     * (never empty). A shard not named here had enough.
     */
    record ShardsShort(Map<Integer, Long> available) implements ReserveOutcome {
        public ShardsShort {
            if (available.isEmpty()) {
                throw new IllegalArgumentException("a short outcome names the short shards");
            }
            available = Map.copyOf(available);
        }
    }
}
