package io.flashcheckout.channels;

import java.util.List;

/**
 * The pools of a sale body as asked: its channels, the shared pool's stock (null: no shared pool) and the shards each
 * pool gets (null: one per 500 of its units). {@link ChannelPools#define} checks and lays them out.
 */
public record PoolRequest(List<NewChannel> channels, Long sharedStock, Integer shardsPerPool) {

    public ChannelPools layOut(long saleStock, int maxShards) {
        return ChannelPools.define(channels, sharedStock, saleStock, shardsPerPool, maxShards);
    }
}
