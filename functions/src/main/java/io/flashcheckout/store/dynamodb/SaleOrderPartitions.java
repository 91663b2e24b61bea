package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.Order;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The partitions ({@code ORDERS#<saleId>#<n>}) of one sale's orders in the orders table's {@code bySale} index. They
 * follow the sale's stock shards: an order's entry goes to one of {@link #PER_SHARD} partitions of the shard it took
 * its units from, so the index takes a sale's order writes at the rate its shards take reservations. Three per shard,
 * since a reservation writes its shard once (a transaction item: 2 write units) while its index entry is written at
 * the reserve, the move to PAYING and the move to PAID, the last two changing the entry's sort key (the status):
 * a delete and a put in the index, 5 write units in all. Every reader of the index reads {@link #of} partitions.
 */
final class SaleOrderPartitions {
    static final int PER_SHARD = 3;
    /** 3 x the 100 shards a sale may have; a sale with pools and more shards wraps around. */
    static final int MAX = 300;
    /** Before the partitions followed the shards every sale had 8: an order not rewritten since may still be there. */
    static final int BEFORE = 8;

    private SaleOrderPartitions() {
    }

    /** The partition of an order's index entry. */
    static int of(Order order) {
        return (order.shard() * PER_SHARD + Math.floorMod(order.orderId().hashCode(), PER_SHARD)) % MAX;
    }

    /** How many partitions a sale of {@code shards} stock shards has orders in (0 to the count - 1). */
    static int count(int shards) {
        return Math.max(BEFORE, Math.min(MAX, shards * PER_SHARD));
    }

    /** {@link #count(int)} for a stored sale (one read of its item); {@link #BEFORE} for an unknown sale. */
    static int count(DynamoDbClient dynamo, CheckoutTables tables, String saleId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.sales()).key(SaleItems.saleKey(saleId))
                .projectionExpression("shards")).item();
        return item == null || !item.containsKey("shards") ? BEFORE : count((int) Attr.number(item, "shards"));
    }
}
