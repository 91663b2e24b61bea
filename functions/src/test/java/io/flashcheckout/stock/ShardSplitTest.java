package io.flashcheckout.stock;

import io.flashcheckout.store.ShardTake;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShardSplitTest {

    @Test
    void takesFromTheFullestShardsFirstAndNoMoreThanNeeded() {
        ShardSplit split = ShardSplit.largestFirst(seen(3, 1L, 7, 2L, 5, 0L, 1, 3L), 4, 98);

        assertThat(split.takes()).containsExactly(new ShardTake(1, 3), new ShardTake(7, 1));
        assertThat(split.left()).isEqualTo(6);
    }

    @Test
    void tiesKeepTheOrderTheShardsWereSeenIn() {
        ShardSplit split = ShardSplit.largestFirst(seen(9, 1L, 2, 1L, 4, 1L), 2, 98);

        assertThat(split.takes()).containsExactly(new ShardTake(9, 1), new ShardTake(2, 1));
    }

    @Test
    void fewerUnitsThanAskedIsNoPlanAndSaysHowManyAreLeft() {
        ShardSplit split = ShardSplit.largestFirst(seen(0, 1L, 1, 1L, 2, 0L), 3, 98);

        assertThat(split.covers()).isFalse();
        assertThat(split.left()).isEqualTo(2);
    }

    @Test
    void unitsSpreadOverMoreShardsThanOneTransactionTakesAreNoPlan() {
        Map<Integer, Long> ones = new LinkedHashMap<>();
        for (int shard = 0; shard < 100; shard++) {
            ones.put(shard, 1L);
        }

        assertThat(ShardSplit.largestFirst(ones, 99, 98).covers()).isFalse();
        assertThat(ShardSplit.largestFirst(ones, 99, 98).takeable()).isEqualTo(98);
        assertThat(ShardSplit.largestFirst(ones, 98, 98).takes()).hasSize(98);
    }

    private static Map<Integer, Long> seen(Object... shardThenUnits) {
        Map<Integer, Long> seen = new LinkedHashMap<>();
        for (int i = 0; i < shardThenUnits.length; i += 2) {
            seen.put((Integer) shardThenUnits[i], (Long) shardThenUnits[i + 1]);
        }
        return seen;
    }
}
