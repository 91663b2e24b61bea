package io.flashcheckout.store;

/** Units a reserve takes from one stock shard, if that shard has at least that many. */
public record ShardTake(int shard, int units) {
    public ShardTake {
        if (shard < 0 || units < 1) {
            throw new IllegalArgumentException("a take is at least one unit from shard 0 or above: " + shard + ", " + units);
        }
    }
}
