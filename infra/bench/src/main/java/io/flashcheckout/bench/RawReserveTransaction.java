package io.flashcheckout.bench;

import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The reserve's transaction without the checkout around it: one 3-item TransactWriteItems that decrements a stock
 * counter (one of {@code shards}, at random) if it holds a unit, adds to a customer's count within the limit, and puts
 * an order if absent, each with ALL_OLD on a failed condition. The order item is the reserve's: the same attributes
 * and the keys of the same three indexes ({@code bySale}, {@code byCustomer}, {@code byDue}), which DynamoDB Local
 * writes within the transaction. What the overhead and api benchmarks compare with.
 * Its orders carry the status {@value #STATUS}, which the order relay's filter drops: the reserves' orders are
 * relayed, the raw ones are not, so the relay's sends count against the reserves only.
 */
public final class RawReserveTransaction {
    public static final String STATUS = "RAWBENCH";
    private static final String HASH = "0".repeat(64);

    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;
    private final String counter;
    private final int shards;

    /** @param counter the stock counters' sale id; its items are {@code STOCK#<counter>#<shard>} in the sales table */
    public RawReserveTransaction(DynamoDbClient dynamo, CheckoutTables tables, String counter, int shards) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.counter = counter;
        this.shards = shards;
    }

    /** Puts the counters, each with more units than a run can take. */
    public void seed(DynamoDbClient client) {
        seedCounters(client, tables, counter, shards);
    }

    /** Puts {@code shards} counters {@code STOCK#<counter>#<shard>} in the sales table, each with 10^12 units. */
    public static void seedCounters(DynamoDbClient client, CheckoutTables tables, String counter, int shards) {
        for (int shard = 0; shard < shards; shard++) {
            String pk = "STOCK#" + counter + "#" + shard;
            int n = shard;
            client.putItem(b -> b.tableName(tables.sales()).item(Map.of(
                    "pk", AttributeValue.fromS(pk), "saleId", AttributeValue.fromS(counter),
                    "shard", AttributeValue.fromN(Integer.toString(n)),
                    "available", AttributeValue.fromN("1000000000000"),
                    "definitionHash", AttributeValue.fromS(HASH))));
        }
    }

    /**
     * One transaction for customer {@code "c" + n}; answers how many conflicts with another transaction it retried
     * through (at once, as the service retries them; at most 20).
     */
    public int run(long n) {
        String customer = "c" + n;
        // random like the service's hashed ids (sequential keys would be cheaper to insert)
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String orderId = String.format("o-%016x%016x", random.nextLong(), random.nextLong());
        long now = Instant.now().toEpochMilli();
        long hold = now + 600_000;
        int shard = shard();
        Map<String, AttributeValue> order = new LinkedHashMap<>();
        order.put("pk", AttributeValue.fromS("ORDER#" + orderId));
        order.put("orderId", AttributeValue.fromS(orderId));
        order.put("saleId", AttributeValue.fromS(counter));
        order.put("customerId", AttributeValue.fromS(customer));
        order.put("quantity", AttributeValue.fromN("1"));
        order.put("amount", AttributeValue.fromS("199.00"));
        order.put("currency", AttributeValue.fromS("EUR"));
        order.put("status", AttributeValue.fromS(STATUS));
        order.put("shard", AttributeValue.fromN(Integer.toString(shard)));
        order.put("holdExpiresAt", AttributeValue.fromN(Long.toString(hold)));
        order.put("version", AttributeValue.fromN("0"));
        order.put("createdAt", AttributeValue.fromN(Long.toString(now)));
        order.put("updatedAt", AttributeValue.fromN(Long.toString(now)));
        order.put("requestHash", AttributeValue.fromS(HASH));
        order.put("paymentAttempt", AttributeValue.fromN("0"));
        order.put("dueShard", AttributeValue.fromS("RESERVED#" + (n % 16)));
        order.put("dueAt", AttributeValue.fromN(Long.toString(hold)));
        // the bySale entry, as OrderItems and SaleOrderPartitions write it (3 partitions per stock shard)
        order.put("saleShard", AttributeValue.fromS("ORDERS#" + counter + "#" + (shard * 3 + Math.floorMod(orderId.hashCode(), 3)) % 300));
        order.put("saleSort", AttributeValue.fromS(STATUS + "#" + String.format("%013d", now) + "#" + orderId));
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(tables.sales())
                        .key(Map.of("pk", AttributeValue.fromS("STOCK#" + counter + "#" + shard)))
                        .updateExpression("SET available = available - :q")
                        .conditionExpression("available >= :q")
                        .expressionAttributeValues(Map.of(":q", AttributeValue.fromN("1")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(tables.orders())
                        .key(Map.of("pk", AttributeValue.fromS("LIMIT#" + counter + "#" + customer)))
                        .updateExpression("ADD units :q")
                        .conditionExpression("attribute_not_exists(units) OR units <= :most")
                        .expressionAttributeValues(Map.of(":q", AttributeValue.fromN("1"), ":most", AttributeValue.fromN("0")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder()
                        .tableName(tables.orders())
                        .item(order)
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build());
        for (int conflicts = 0; ; conflicts++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return conflicts;
            } catch (TransactionCanceledException e) {
                boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream()
                        .map(CancellationReason::code).anyMatch("TransactionConflict"::equals);
                if (!conflict || conflicts >= 20) {
                    throw e;
                }
            }
        }
    }

    private int shard() {
        return ThreadLocalRandom.current().nextInt(shards);
    }
}
