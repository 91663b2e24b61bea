package io.flashcheckout.support;

import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Invariant 1 per pool of a sale with channels, read from the tables: each pool's shards plus the units of live
 * orders on its shards equal the pool's loaded stock, and the pools' loaded stock sums to the sale's.
 */
public final class PoolAudit {
    private final TableAudit tables;
    private final CheckoutTables names;

    public PoolAudit(DynamoDbClient dynamo, CheckoutTables names) {
        this.tables = new TableAudit(dynamo, names);
        this.names = names;
    }

    /** One pool as the tables hold it. */
    public record PoolCount(String name, long loaded, long shards, long held) {}

    public Map<String, PoolCount> assertPoolsConserve(String saleId) {
        tables.assertInvariants(saleId);
        Map<String, AttributeValue> sale = null;
        Map<Integer, Long> shardUnits = new HashMap<>();
        for (Map<String, AttributeValue> item : tables.scan(names.sales())) {
            String pk = item.get("pk").s();
            if (pk.equals("SALE#" + saleId)) {
                sale = item;
            } else if (pk.startsWith("STOCK#" + saleId + "#")) {
                shardUnits.put(Integer.parseInt(item.get("shard").n()), Long.parseLong(item.get("available").n()));
            }
        }
        Map<Integer, Long> heldByShard = new HashMap<>();
        for (Map<String, AttributeValue> item : tables.scan(names.orders())) {
            String status = item.containsKey("status") ? item.get("status").s() : "";
            if (item.get("pk").s().startsWith("ORDER#") && saleId.equals(item.get("saleId").s())
                    && List.of("RESERVED", "PAYING", "PAID").contains(status)) {
                heldByShard.merge(Integer.parseInt(item.get("shard").n()), Long.parseLong(item.get("quantity").n()), Long::sum);
            }
        }
        Map<String, PoolCount> pools = new HashMap<>();
        long loadedInAll = 0;
        for (AttributeValue value : sale.get("pools").l()) {
            Map<String, AttributeValue> pool = value.m();
            int first = Integer.parseInt(pool.get("firstShard").n());
            int count = Integer.parseInt(pool.get("shards").n());
            long shards = 0;
            long held = 0;
            for (int shard = first; shard < first + count; shard++) {
                shards += shardUnits.getOrDefault(shard, 0L);
                held += heldByShard.getOrDefault(shard, 0L);
            }
            PoolCount counted = new PoolCount(pool.get("name").s(), Long.parseLong(pool.get("loaded").n()), shards, held);
            assertEquals(counted.loaded(), counted.shards() + counted.held(), "conservation in pool " + counted);
            loadedInAll += counted.loaded();
            pools.put(counted.name(), counted);
        }
        assertEquals(Long.parseLong(sale.get("stockLoaded").n()), loadedInAll, "the pools' loaded stock sums to the sale's");
        return pools;
    }
}
