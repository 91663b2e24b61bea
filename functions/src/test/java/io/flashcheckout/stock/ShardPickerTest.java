package io.flashcheckout.stock;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.Sale;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShardPickerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Sale SALE = new Sale("demo", "SKU", "Demo", Money.of("1.00", "EUR"), 80, 80, 1, NOW,
            NOW.plusSeconds(3600), 600, 8, NOW, null, 0, "hash");

    @Test
    void everyShardIsTriedOnceFromRandomStarts() {
        ShardPicker picker = new ShardPicker(Duration.ofSeconds(1));
        Set<Integer> starts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int[] order = picker.order(SALE, NOW);
            assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
            starts.add(order[0]);
        }
        assertThat(starts).hasSizeGreaterThan(4);
    }

    @Test
    void shardsSeenEmptyGoLastUntilTheHintAgesOrStockComesBack() {
        ShardPicker picker = new ShardPicker(Duration.ofSeconds(1));
        picker.sawShort(SALE, 2, NOW);
        picker.sawShort(SALE, 5, NOW);

        for (int i = 0; i < 50; i++) {
            int[] order = picker.order(SALE, NOW.plusMillis(500));
            assertThat(Arrays.stream(order, 6, 8).boxed().collect(Collectors.toSet())).containsExactlyInAnyOrder(2, 5);
        }
        picker.sawStock(SALE, 5);
        assertThat(picker.order(SALE, NOW.plusMillis(500))[7]).isEqualTo(2);
        Set<Integer> lastOnceAged = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            lastOnceAged.add(picker.order(SALE, NOW.plusSeconds(2))[7]);
        }
        assertThat(lastOnceAged).as("an aged hint no longer pins shard 2 to the end").hasSizeGreaterThan(1);
    }
}
