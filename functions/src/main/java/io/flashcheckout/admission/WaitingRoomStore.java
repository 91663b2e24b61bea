package io.flashcheckout.admission;

import java.util.Map;
import java.util.Set;

/**
 * Where waiting rooms keep their counts. Joins and busy answers are counted on sharded items (one per rank second,
 * or per second, and shard), so no single item takes more writes than a partition serves.
 */
public interface WaitingRoomStore {
    /** Join counters per rank second: 10,000 joins a second over this many items is ~625 writes a second each. */
    int JOIN_SHARDS = 16;
    int BUSY_SHARDS = 4;

    void countJoin(String saleId, long bucket, int shard);

    /** Joins counted in each bucket of {@code buckets} (all shards summed; a bucket nobody joined is 0). */
    Map<Long, Long> joins(String saleId, Set<Long> buckets);

    /** The checkout answered {@code busy} to a reserve in this sale during {@code epochSecond}. */
    void countBusy(String saleId, long epochSecond, int shard);

    long busyAnswers(String saleId, long epochSecond);

    /** Writes the advancer's state onto the sale's item. */
    void advance(String saleId, RoomState state);

    /** Puts the sale on the advancer's list (idempotent). */
    void open(String saleId);

    /** The sales on the advancer's list. */
    Set<String> rooms();

    /** Takes a sale off the advancer's list (its sale closed long ago, or is gone). */
    void close(String saleId);
}
