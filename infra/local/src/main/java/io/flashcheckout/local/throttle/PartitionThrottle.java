package io.flashcheckout.local.throttle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * DynamoDB's per-partition write cap, per partition key: every partition key value (of a table, and of each global
 * secondary index the written item has keys in) gets a token bucket refilled at {@code cap} write units a second,
 * holding at most {@code cap * burstSeconds} (but at least one transaction's units), starting with
 * {@code cap * burstSeconds}. A write is let through only if every key it writes has the units it
 * costs, and then takes them; otherwise nothing is taken and the write is throttled, as DynamoDB throttles a write
 * whose partition (or index partition) is over its limit. Costs as DynamoDB bills items up to 1 KB: 1 unit per item
 * of a standard write, {@code transactionalUnits} (DynamoDB: 2) per item of a TransactWriteItems; 1 unit per index
 * an item is written to.
 */
public final class PartitionThrottle {
    /** A key a write touches, what it costs there, and the item (position in the request) it belongs to. */
    record Touch(String bucket, String kind, double units, int item) {}

    /** The answer for one request: throttled or not, and for a transaction which items were over their cap. */
    record Decision(boolean throttled, boolean[] itemThrottled) {
        static final Decision PASS = new Decision(false, new boolean[0]);
    }

    private record Schema(String hashKey, Map<String, String> indexHashKeys) {}

    private static final class Bucket {
        double tokens;
        long refilledAt;
        double rate;
        double capacity;
    }

    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Map<String, LongAdder> throttledByKind = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttledByOrder = new ConcurrentHashMap<>();
    private final LongAdder checked = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final double transactionalUnits;
    private volatile boolean enabled;
    private double cap;
    private double capacity;
    private double ownCap;
    private double ownCapacity;
    private Set<String> ownCapKinds = Set.of();
    private double burstSeconds;

    /** @param transactionalUnits write units per item of a TransactWriteItems (DynamoDB bills 2) */
    public PartitionThrottle(double transactionalUnits) {
        this.transactionalUnits = transactionalUnits;
    }

    /** Caps writes to these tables (and their indexes), whose key schemas are read from DynamoDB. */
    public synchronized void capTables(DynamoDbClient dynamo, List<String> tables) {
        for (String table : tables) {
            TableDescription d = dynamo.describeTable(b -> b.tableName(table)).table();
            Map<String, String> indexes = new LinkedHashMap<>();
            for (GlobalSecondaryIndexDescription index : d.globalSecondaryIndexes()) {
                indexes.put(index.indexName(), hashKey(index.keySchema()));
            }
            schemas.put(table, new Schema(hashKey(d.keySchema()), indexes));
        }
    }

    private static String hashKey(List<KeySchemaElement> schema) {
        return schema.stream().filter(k -> k.keyType() == KeyType.HASH).findFirst().orElseThrow().attributeName();
    }

    /**
     * Caps every partition key at {@code unitsPerSecond}, except keys of the {@code ownCapKinds} (keys of one shopper
     * or one order, e.g. LIMIT, ORDER, index:byCustomer), which get {@code ownUnitsPerSecond}; buckets full, counts
     * reset.
     */
    public synchronized void enable(double unitsPerSecond, double ownUnitsPerSecond, Set<String> ownCapKinds,
                                    double burstSeconds) {
        cap = unitsPerSecond;
        capacity = Math.max(unitsPerSecond * burstSeconds, transactionalUnits);
        ownCap = ownUnitsPerSecond;
        ownCapacity = Math.max(ownUnitsPerSecond * burstSeconds, transactionalUnits);
        this.ownCapKinds = Set.copyOf(ownCapKinds);
        this.burstSeconds = burstSeconds;
        buckets.clear();
        throttledByKind.clear();
        throttledByOrder.clear();
        checked.reset();
        throttled.reset();
        enabled = true;
    }

    public void disable() {
        enabled = false;
    }

    public boolean enabled() {
        return enabled;
    }

    public double transactionalUnits() {
        return transactionalUnits;
    }

    public synchronized double capacity() {
        return capacity;
    }

    /** Writes this throttle looked at since {@link #enable}, and how many it throttled. */
    public long checked() {
        return checked.sum();
    }

    public long throttled() {
        return throttled.sum();
    }

    /** Throttled writes by the kind of key that was over its cap (STOCK, LIMIT, ORDER, SALE, index:&lt;name&gt;). */
    public Map<String, Long> throttledByKind() {
        Map<String, Long> out = new TreeMap<>();
        throttledByKind.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * Throttled writes that wrote this order's item (whichever of the request's keys was over its cap), since
     * {@link #enable}: tells whether a message about the order met throttling on its way.
     */
    public long throttledWritesOfOrder(String orderId) {
        LongAdder n = throttledByOrder.get("ORDER#" + orderId);
        return n == null ? 0 : n.sum();
    }

    /**
     * Decides one write request of DynamoDB's JSON protocol.
     *
     * @param operation e.g. TransactWriteItems, PutItem, UpdateItem, DeleteItem (anything else passes)
     * @param body      the request body
     */
    Decision admit(String operation, JsonNode body) {
        List<Touch> touches = new ArrayList<>();
        int items;
        switch (operation) {
            case "TransactWriteItems" -> {
                JsonNode list = body.path("TransactItems");
                items = list.size();
                for (int i = 0; i < items; i++) {
                    JsonNode entry = list.get(i);
                    String action = entry.fieldNames().hasNext() ? entry.fieldNames().next() : "";
                    JsonNode write = entry.path(action);
                    touched(write.path("TableName").asText(), "Put".equals(action) ? write.path("Item") : write.path("Key"),
                            "Put".equals(action), transactionalUnits, i, touches);
                }
            }
            case "PutItem" -> {
                items = 1;
                touched(body.path("TableName").asText(), body.path("Item"), true, 1, 0, touches);
            }
            case "UpdateItem", "DeleteItem" -> {
                items = 1;
                touched(body.path("TableName").asText(), body.path("Key"), false, 1, 0, touches);
            }
            default -> {
                return Decision.PASS;
            }
        }
        if (touches.isEmpty()) {
            return Decision.PASS;
        }
        return take(touches, items);
    }

    private void touched(String table, JsonNode item, boolean wholeItem, double units, int index, List<Touch> touches) {
        Schema schema = schemas.get(table);
        if (schema == null) {
            return;
        }
        JsonNode pk = item.path(schema.hashKey());
        touches.add(new Touch(table + "|" + value(pk), kindOf(pk), units, index));
        if (wholeItem) {
            // an index partition takes the write of every item that has its key (an update that sets an index key
            // is not seen here: the reserve path has none)
            schema.indexHashKeys().forEach((name, attribute) -> {
                JsonNode key = item.path(attribute);
                if (!key.isMissingNode()) {
                    touches.add(new Touch(table + "/" + name + "|" + value(key), "index:" + name, 1, index));
                }
            });
        }
    }

    private static String value(JsonNode attributeValue) {
        return attributeValue.toString();
    }

    /** STOCK, LIMIT, ORDER, SALE...: what a key of this schema stands for. */
    private static String kindOf(JsonNode pk) {
        String text = pk.path("S").asText("");
        int hash = text.indexOf('#');
        return hash > 0 ? text.substring(0, hash) : "other";
    }

    /** {@code ORDER#<id>} out of a bucket name {@code <table>|{"S":"ORDER#<id>"}}. */
    private static String orderKey(String bucket) {
        String value = bucket.substring(bucket.indexOf('|') + 1);
        int start = value.indexOf("ORDER#");
        int end = value.indexOf('"', start);
        return start < 0 ? value : value.substring(start, end < 0 ? value.length() : end);
    }

    private synchronized Decision take(List<Touch> touches, int items) {
        if (!enabled) {
            return Decision.PASS;
        }
        checked.increment();
        long now = System.nanoTime();
        Map<String, Double> wanted = new LinkedHashMap<>();
        for (Touch t : touches) {
            wanted.merge(t.bucket(), t.units(), Double::sum);
        }
        Map<String, Bucket> found = new HashMap<>();
        boolean enough = true;
        Map<String, String> kinds = new HashMap<>();
        touches.forEach(t -> kinds.put(t.bucket(), t.kind()));
        for (Map.Entry<String, Double> w : wanted.entrySet()) {
            Bucket b = buckets.computeIfAbsent(w.getKey(), k -> {
                boolean own = ownCapKinds.contains(kinds.get(k));
                Bucket full = new Bucket();
                full.rate = own ? ownCap : cap;
                full.capacity = own ? ownCapacity : capacity;
                // the burst the real partition would hold, scaled (a bucket must be able to hold one transaction's
                // units to let it through at all, but starts with no more than its share of burst)
                full.tokens = Math.min(full.capacity, full.rate * burstSeconds);
                full.refilledAt = now;
                return full;
            });
            b.tokens = Math.min(b.capacity, b.tokens + (now - b.refilledAt) * b.rate / 1e9);
            b.refilledAt = now;
            found.put(w.getKey(), b);
            enough &= b.tokens >= w.getValue();
        }
        if (enough) {
            wanted.forEach((key, units) -> found.get(key).tokens -= units);
            return new Decision(false, new boolean[items]);
        }
        throttled.increment();
        touches.stream().filter(t -> t.kind().equals("ORDER")).map(t -> orderKey(t.bucket())).distinct()
                .forEach(key -> throttledByOrder.computeIfAbsent(key, k -> new LongAdder()).increment());
        boolean[] over = new boolean[items];
        for (Touch t : touches) {
            if (found.get(t.bucket()).tokens < wanted.get(t.bucket())) {
                over[t.item()] = true;
                throttledByKind.computeIfAbsent(t.kind(), k -> new LongAdder()).increment();
            }
        }
        return new Decision(true, over);
    }
}
