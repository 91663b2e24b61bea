package io.flashcheckout.channels;

import io.flashcheckout.checkout.CheckoutException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sale's stock split into channel pools plus an optional shared pool (see {@link Pool}), and each pool's sold-out
 * mark: when the mark was made (absent: unmarked). A mark only counts while younger than the caller's mark lifetime,
 * as the sale's own mark does; a release, restock or move clears them.
 */
public record ChannelPools(List<Pool> pools, Map<String, Instant> soldOutAt) {
    public static final int MAX_CHANNELS = 10;
    public static final int MAX_CLIENTS_PER_CHANNEL = 10;
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
    private static final Pattern CLIENT = Pattern.compile("[\\x21-\\x7E]{1,128}");

    public ChannelPools {
        pools = List.copyOf(pools);
        soldOutAt = Map.copyOf(soldOutAt);
    }

    /** A channel name as a request may spell one: 1-32 lowercase letters, digits and inner hyphens. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Checks the channels of a sale body (names, counts, clients, each a stock, the pools summing to the sale's
     * stock) and lays their shards out: each pool gets {@code shardsPerPool} shards, or one per 500 of its units
     * when that is null. Throws {@link CheckoutException.InvalidInput} naming what is wrong.
     */
    public static ChannelPools define(List<NewChannel> channels, Long sharedStock, long saleStock, Integer shardsPerPool,
                                      int maxShards) {
        require(channels != null && !channels.isEmpty() && channels.size() <= MAX_CHANNELS,
                "channels must list 1-" + MAX_CHANNELS + " channels");
        Set<String> names = new HashSet<>();
        Set<String> clients = new HashSet<>();
        long sum = 0;
        List<Pool> pools = new ArrayList<>();
        int nextShard = 0;
        for (NewChannel channel : channels) {
            require(channel != null && validName(channel.name()) && !Pool.SHARED.equals(channel.name()),
                    "a channel name must be 1-32 lowercase letters, digits and inner hyphens, and not 'shared'");
            require(names.add(channel.name()), "channel " + channel.name() + " is listed twice");
            require(channel.stock() != null && channel.stock() >= 0 && channel.stock() <= saleStock,
                    "channel " + channel.name() + " needs a stock between 0 and the sale's stock");
            List<String> ids = channel.clients() == null ? List.of() : channel.clients();
            require(!ids.isEmpty() && ids.size() <= MAX_CLIENTS_PER_CHANNEL,
                    "channel " + channel.name() + " must list 1-" + MAX_CLIENTS_PER_CHANNEL + " app client ids (clients)");
            for (String id : ids) {
                require(id != null && CLIENT.matcher(id).matches(), "an app client id must be 1-128 visible ASCII characters");
                require(clients.add(id), "app client " + id + " sells in one channel only");
            }
            sum += channel.stock();
            int shards = shardsFor(channel.stock(), shardsPerPool);
            pools.add(new Pool(channel.name(), channel.stock(), nextShard, shards, ids));
            nextShard += shards;
        }
        if (sharedStock != null) {
            require(sharedStock >= 0 && sharedStock <= saleStock, "shared.stock must be between 0 and the sale's stock");
            sum += sharedStock;
            int shards = shardsFor(sharedStock, shardsPerPool);
            pools.add(new Pool(Pool.SHARED, sharedStock, nextShard, shards, List.of()));
            nextShard += shards;
        }
        require(sum == saleStock, "the pools hold " + sum + " units but the sale's stock is " + saleStock + ": they must sum to it");
        require(nextShard <= maxShards, "the pools need " + nextShard + " shards, more than " + maxShards + ": give fewer shards per pool");
        return new ChannelPools(pools, Map.of());
    }

    private static int shardsFor(long stock, Integer shardsPerPool) {
        return shardsPerPool != null ? shardsPerPool : (int) Math.max(1, Math.min(32, (stock + 499) / 500));
    }

    public int shards() {
        return pools.stream().mapToInt(Pool::shards).sum();
    }

    /** Units each shard starts with: each pool's stock split evenly over its shards, the remainder on its first ones. */
    public long[] initialShardStock() {
        long[] units = new long[shards()];
        for (Pool pool : pools) {
            for (int i = 0; i < pool.shards(); i++) {
                units[pool.firstShard() + i] = pool.loaded() / pool.shards() + (i < pool.loaded() % pool.shards() ? 1 : 0);
            }
        }
        return units;
    }

    /** The pool whose channel the app client sells in; empty when it is in no channel of this sale. */
    public Optional<Pool> channelOf(String clientId) {
        return pools.stream().filter(p -> clientId != null && p.clients().contains(clientId)).findFirst();
    }

    public Optional<Pool> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<Pool> shared() {
        return pool(Pool.SHARED);
    }

    public Pool ofShard(int shard) {
        return pools.stream().filter(p -> p.holdsShard(shard)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("shard " + shard + " is in no pool"));
    }

    public int indexOf(String name) {
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public boolean markedSoldOut(String pool, Instant now, Duration markLifetime) {
        Instant at = soldOutAt.get(pool);
        return at != null && now.isBefore(at.plus(markLifetime));
    }

    public boolean anyMarked() {
        return !soldOutAt.isEmpty();
    }

    public boolean allMarked(Instant now, Duration markLifetime) {
        return pools.stream().allMatch(p -> markedSoldOut(p.name(), now, markLifetime));
    }

    public ChannelPools withMark(String pool, Instant at) {
        Map<String, Instant> marks = new HashMap<>(soldOutAt);
        marks.put(pool, at);
        return new ChannelPools(pools, marks);
    }

    /** What the definition hash covers: names, stocks, shard layout and clients, in order. */
    public String definitionText() {
        StringBuilder text = new StringBuilder();
        for (Pool pool : pools) {
            text.append("\npool ").append(pool.name()).append(' ').append(pool.loaded()).append(' ')
                    .append(pool.shards()).append(' ').append(String.join(",", pool.clients()));
        }
        return text.toString();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new CheckoutException.InvalidInput(message);
        }
    }
}
