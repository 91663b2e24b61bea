package io.flashcheckout.channels;

import io.flashcheckout.checkout.CheckoutException;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pools of a sale body: checked like the rest of it, and laid out over the shards. */
class ChannelPoolsTest {

    private static List<NewChannel> poco() {
        return List.of(new NewChannel("lazada", 2_000L, List.of("app-lazada")),
                new NewChannel("akulaku", 1_000L, List.of("app-akulaku")),
                new NewChannel("mi", 2_000L, List.of("app-mi", "app-mi-web")));
    }

    @Test
    void poolsGetTheirOwnShardsInOrderAndSplitTheirStock() {
        ChannelPools pools = ChannelPools.define(poco(), 1_001L, 6_001, null, 100);

        assertThat(pools.pools()).extracting(Pool::name).containsExactly("lazada", "akulaku", "mi", "shared");
        assertThat(pools.pools()).extracting(Pool::shards).containsExactly(4, 2, 4, 3);
        assertThat(pools.pools()).extracting(Pool::firstShard).containsExactly(0, 4, 6, 10);
        long[] units = pools.initialShardStock();
        assertThat(units).hasSize(13).containsExactly(500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 334, 334, 333);
        assertThat(pools.ofShard(5).name()).isEqualTo("akulaku");
        assertThat(pools.channelOf("app-mi-web").orElseThrow().name()).isEqualTo("mi");
        assertThat(pools.channelOf("someone-else")).isEmpty();
        assertThat(pools.channelOf(null)).isEmpty();
    }

    @Test
    void theShardsPerPoolMayBeGiven() {
        ChannelPools pools = ChannelPools.define(poco(), null, 5_000, 2, 100);
        assertThat(pools.shards()).isEqualTo(6);
        assertThat(pools.shared()).isEmpty();
    }

    @Test
    void badChannelsAreRefusedNamingTheProblem() {
        assertRefused(List.of(), null, 0, "1-10 channels");
        assertRefused(List.of(new NewChannel("lazada", 10L, List.of("a"))), 5L, 10, "must sum");
        assertRefused(List.of(new NewChannel("lazada", 10L, List.of("a"))), null, 11, "must sum");
        assertRefused(List.of(new NewChannel("Lazada", 10L, List.of("a"))), null, 10, "lowercase");
        assertRefused(List.of(new NewChannel("shared", 10L, List.of("a"))), null, 10, "not 'shared'");
        assertRefused(List.of(new NewChannel("x".repeat(33), 10L, List.of("a"))), null, 10, "1-32");
        assertRefused(List.of(new NewChannel("a", 5L, List.of("c1")), new NewChannel("a", 5L, List.of("c2"))), null, 10, "twice");
        assertRefused(List.of(new NewChannel("a", 5L, List.of("c1")), new NewChannel("b", 5L, List.of("c1"))), null, 10,
                "one channel only");
        assertRefused(List.of(new NewChannel("a", 10L, List.of())), null, 10, "app client ids");
        assertRefused(List.of(new NewChannel("a", 10L, null)), null, 10, "app client ids");
        assertRefused(List.of(new NewChannel("a", 10L, List.of("bad id"))), null, 10, "visible ASCII");
        assertRefused(List.of(new NewChannel("a", -1L, List.of("c"))), 11L, 10, "stock between");
        assertRefused(List.of(new NewChannel("a", null, List.of("c"))), null, 10, "stock between");
        assertRefused(List.of(new NewChannel("a", 10L, List.of("c"))), -1L, 10, "shared.stock");
        List<NewChannel> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(new NewChannel("c" + i, 1L, List.of("app" + i)));
        }
        assertRefused(eleven, null, 11, "1-10 channels");
        List<String> manyClients = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            manyClients.add("app" + i);
        }
        assertRefused(List.of(new NewChannel("a", 10L, manyClients)), null, 10, "app client ids");
        // 10 channels of 16,000 units want 32 shards each: more than a sale has
        List<NewChannel> big = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            big.add(new NewChannel("c" + i, 16_000L, List.of("app" + i)));
        }
        assertRefused(big, null, 160_000, "shards");
    }

    private static void assertRefused(List<NewChannel> channels, Long shared, long stock, String says) {
        assertThatThrownBy(() -> ChannelPools.define(channels, shared, stock, null, 100))
                .isInstanceOf(CheckoutException.InvalidInput.class)
                .hasMessageContaining(says);
    }
}
