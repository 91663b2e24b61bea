package io.flashcheckout.channels;

import java.util.List;

/**
 * One pool of a sale's stock: a channel's (the shoppers of its app clients take from it first) or the shared one
 * (anyone takes from it once their channel's pool is empty). A pool owns the shards {@code firstShard} to
 * {@code firstShard + shards - 1}; an order takes from the shards of one pool only, so releasing it to its shard
 * returns its units to the pool they came from.
 *
 * @param loaded the pool's units as created, plus restocks into it and moves into it, minus moves out of it: the
 *               right-hand side of invariant 1 for this pool
 * @param clients the app client ids (the verified token's {@code client_id}) whose shoppers sell in this channel;
 *               empty for the shared pool
 */
public record Pool(String name, long loaded, int firstShard, int shards, List<String> clients) {
    public static final String SHARED = "shared";

    public Pool {
        clients = List.copyOf(clients);
    }

    public boolean shared() {
        return SHARED.equals(name);
    }

    public boolean holdsShard(int shard) {
        return shard >= firstShard && shard < firstShard + shards;
    }

    public Pool withLoaded(long units) {
        return new Pool(name, units, firstShard, shards, clients);
    }
}
