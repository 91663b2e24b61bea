package io.flashcheckout.store.dynamodb;

import io.flashcheckout.admission.RoomState;
import io.flashcheckout.admission.WaitingRoomStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import static io.flashcheckout.store.dynamodb.Attr.n;
import static io.flashcheckout.store.dynamodb.Attr.s;
import static io.flashcheckout.store.dynamodb.SaleItems.saleKey;

/**
 * Waiting rooms in the sales table: join counters {@code JOINS#<saleId>#<rankSecond>#<shard>}, busy counters
 * {@code BUSY#<saleId>#<epochSecond>#<shard>}, the advancer's list {@code ROOMS} (a string set of sale ids) and the
 * advancer's state as the map {@code room} on the sale's item.
 */
public final class DynamoWaitingRoomStore implements WaitingRoomStore {
    private static final String COUNT = "n";
    private static final int MAX_KEYS_PER_BATCH = 100;
    private static final Map<String, AttributeValue> ROOMS_KEY = Map.of(SaleItems.PK, s("ROOMS"));

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoWaitingRoomStore(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.table = tables.sales();
    }

    @Override
    public void countJoin(String saleId, long bucket, int shard) {
        add("JOINS#" + saleId + "#" + bucket + "#" + shard);
    }

    @Override
    public Map<Long, Long> joins(String saleId, Set<Long> buckets) {
        Map<String, Long> keys = new HashMap<>();
        for (long bucket : buckets) {
            for (int shard = 0; shard < JOIN_SHARDS; shard++) {
                keys.put("JOINS#" + saleId + "#" + bucket + "#" + shard, bucket);
            }
        }
        Map<Long, Long> counts = new HashMap<>();
        buckets.forEach(b -> counts.put(b, 0L));
        read(keys.keySet()).forEach((pk, count) -> counts.merge(keys.get(pk), count, Long::sum));
        return counts;
    }

    @Override
    public void countBusy(String saleId, long epochSecond, int shard) {
        add("BUSY#" + saleId + "#" + epochSecond + "#" + shard);
    }

    @Override
    public long busyAnswers(String saleId, long epochSecond) {
        List<String> keys = new ArrayList<>();
        for (int shard = 0; shard < BUSY_SHARDS; shard++) {
            keys.add("BUSY#" + saleId + "#" + epochSecond + "#" + shard);
        }
        return read(keys).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void advance(String saleId, RoomState state) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(saleKey(saleId))
                    .updateExpression("SET #room = :room")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#room", SaleItems.ROOM))
                    .expressionAttributeValues(Map.of(":room", SaleItems.roomValue(state))));
        } catch (ConditionalCheckFailedException gone) {
            // the sale is gone: nothing to advance
        }
    }

    @Override
    public void open(String saleId) {
        dynamo.updateItem(b -> b.tableName(table).key(ROOMS_KEY)
                .updateExpression("ADD saleIds :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(saleId)))));
    }

    @Override
    public Set<String> rooms() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(ROOMS_KEY).consistentRead(true)).item();
        return item == null || !item.containsKey("saleIds") ? Set.of() : Set.copyOf(item.get("saleIds").ss());
    }

    @Override
    public void close(String saleId) {
        dynamo.updateItem(b -> b.tableName(table).key(ROOMS_KEY)
                .updateExpression("DELETE saleIds :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(saleId)))));
    }

    private void add(String pk) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(SaleItems.PK, s(pk)))
                .updateExpression("ADD #n :one")
                .expressionAttributeNames(Map.of("#n", COUNT))
                .expressionAttributeValues(Map.of(":one", n(1))));
    }

    /** Counts by key, eventually consistent (counters only steer the pace), in batches of 100 keys. */
    private Map<String, Long> read(java.util.Collection<String> pks) {
        Map<String, Long> counts = new HashMap<>();
        List<String> all = new ArrayList<>(pks);
        for (int from = 0; from < all.size(); from += MAX_KEYS_PER_BATCH) {
            List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(all.size(), from + MAX_KEYS_PER_BATCH)).stream()
                    .map(pk -> Map.of(SaleItems.PK, s(pk))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round > 0) {
                    backOff(round); // keys left unprocessed: the partition was busy
                }
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    counts.put(Attr.string(item, SaleItems.PK), Attr.number(item, COUNT));
                }
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return counts;
    }

    private static void backOff(int round) {
        try {
            Thread.sleep(Math.min(500, 25L << Math.min(round, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading counters", e);
        }
    }
}
