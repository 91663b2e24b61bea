package io.flashcheckout.stock;

import io.flashcheckout.store.ShardTake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How a reserve that no single shard can serve takes its units from several: the fullest shards first (ties in
 * the order the shards were seen, which starts at a random shard, so concurrent shoppers spread out), as few
 * shards as that allows, at most {@code maxShards}. Only a plan: the store's conditional transaction decides.
 *
 * @param takes    the units to take per shard, adding up to the quantity; empty when the shards cannot give it
 * @param left     the units the shards hold in all
 * @param takeable the most one order can take: the units of the {@code maxShards} fullest shards
 */
public record ShardSplit(List<ShardTake> takes, long left, long takeable) {

    public static ShardSplit largestFirst(Map<Integer, Long> available, int quantity, int maxShards) {
        List<Map.Entry<Integer, Long>> fullestFirst = available.entrySet().stream()
                .filter(shard -> shard.getValue() > 0)
                .sorted(Comparator.comparing(Map.Entry<Integer, Long>::getValue).reversed())
                .toList();
        long left = fullestFirst.stream().mapToLong(Map.Entry::getValue).sum();
        long takeable = fullestFirst.stream().limit(maxShards).mapToLong(Map.Entry::getValue).sum();
        List<ShardTake> takes = new ArrayList<>();
        long missing = quantity;
        for (Map.Entry<Integer, Long> shard : fullestFirst) {
            if (missing == 0 || takeable < quantity) {
                break;
            }
            int units = (int) Math.min(missing, shard.getValue());
            takes.add(new ShardTake(shard.getKey(), units));
            missing -= units;
        }
        return new ShardSplit(List.copyOf(takes), left, takeable);
    }

    public boolean covers() {
        return !takes.isEmpty();
    }
}
