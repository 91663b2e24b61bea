package io.flashcheckout.store;

import io.flashcheckout.checkout.Order;

/** What one reserve transaction on one shard ended in. */
public sealed interface ReserveOutcome {

    record Reserved(Order order) implements ReserveOutcome {}

    /** An order with that id exists already (a retry, or a key reused for another request). */
    record Duplicate(Order existing) implements ReserveOutcome {}

    /** The customer's count would go past the sale's limit. */
    record OverLimit(long unitsHeld) implements ReserveOutcome {}

    /** The shard has fewer units than asked for. */
    record ShardShort(long available) implements ReserveOutcome {}
}
