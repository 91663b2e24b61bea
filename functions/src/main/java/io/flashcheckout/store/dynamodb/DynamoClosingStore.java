package io.flashcheckout.store.dynamodb;

import io.flashcheckout.closing.ClosingStore;
import io.flashcheckout.closing.StoreClosing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import static io.flashcheckout.store.dynamodb.Attr.n;
import static io.flashcheckout.store.dynamodb.Attr.s;
import static io.flashcheckout.store.dynamodb.Attr.time;

/**
 * The store's closing as one item of the sales table, {@code STORE#closing}; the deletion of personal data as a Scan
 * of the orders and refunds tables, a page at a time. On an order: the customer id and every signal are removed, the
 * money, ids, status and dates stay. A customer's per-sale count ({@code LIMIT#}), a card's ({@code CARD#}) and a
 * phone's ({@code PHONE#}) are deleted. On a refund: the customer id is removed.
 */
public final class DynamoClosingStore implements ClosingStore {
    static final String KEY = "STORE#closing";
    private static final int PAGE = 100;
    private static final String PERSONAL_ON_ORDERS = "REMOVE customerId, " + OrderItems.SOURCE_IP + ", "
            + OrderItems.USER_AGENT_HASH + ", " + OrderItems.TOKEN_ISSUED_AT + ", " + OrderItems.CARD_FINGERPRINT + ", "
            + OrderItems.PHONE_DIGEST + ", " + OrderItems.CHANNEL;

    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;

    public DynamoClosingStore(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    private Map<String, AttributeValue> key() {
        return Map.of(OrderItems.PK, s(KEY));
    }

    @Override
    public Optional<StoreClosing> read() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.sales()).key(key()).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoreClosing(Attr.instant(item, "closesAt"), (int) Attr.number(item, "retentionDays"),
                Attr.instant(item, "anonymisedAt")));
    }

    @Override
    public void save(Instant closesAt, int retentionDays) {
        dynamo.updateItem(b -> b.tableName(tables.sales()).key(key())
                .updateExpression("SET closesAt = :closes, retentionDays = :days")
                .expressionAttributeValues(Map.of(":closes", time(closesAt), ":days", n(retentionDays))));
    }

    @Override
    public String anonymisePage(RetentionTable table, String cursor) {
        String name = table == RetentionTable.ORDERS ? tables.orders() : tables.refunds();
        ScanResponse page = dynamo.scan(b -> b.tableName(name).limit(PAGE)
                .exclusiveStartKey(cursor == null ? null : Map.of(OrderItems.PK, s(cursor))));
        for (Map<String, AttributeValue> item : page.items()) {
            String pk = Attr.string(item, OrderItems.PK);
            if (pk.startsWith("LIMIT#") || pk.startsWith(OrderItems.CARD_PREFIX) || pk.startsWith(OrderItems.PHONE_PREFIX)) {
                dynamo.deleteItem(b -> b.tableName(name).key(Map.of(OrderItems.PK, s(pk))));
            } else if (pk.startsWith("ORDER#")) {
                removeIfThere(name, pk, PERSONAL_ON_ORDERS);
            } else if (pk.startsWith("REFUND#")) {
                removeIfThere(name, pk, "REMOVE customerId");
            }
        }
        return page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? Attr.string(page.lastEvaluatedKey(), OrderItems.PK) : null;
    }

    private void removeIfThere(String table, String pk, String update) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(OrderItems.PK, s(pk))).updateExpression(update)
                    .conditionExpression("attribute_exists(pk)"));
        } catch (ConditionalCheckFailedException gone) {
            // deleted since the scan read it: nothing personal left
        }
    }

    @Override
    public void saveProgress(RetentionTable table, String cursor) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":table", s(table.name()));
        String set = "SET retentionTable = :table";
        if (cursor != null) {
            values.put(":cursor", s(cursor));
            set += ", retentionCursor = :cursor";
        } else {
            set += " REMOVE retentionCursor";
        }
        String expression = set;
        dynamo.updateItem(b -> b.tableName(tables.sales()).key(key()).updateExpression(expression)
                .expressionAttributeValues(values));
    }

    @Override
    public Progress progress() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.sales()).key(key()).consistentRead(true)).item();
        String table = item == null ? null : Attr.string(item, "retentionTable");
        return table == null ? new Progress(RetentionTable.ORDERS, null)
                : new Progress(RetentionTable.valueOf(table), Attr.string(item, "retentionCursor"));
    }

    @Override
    public void markAnonymised(Instant at) {
        dynamo.updateItem(b -> b.tableName(tables.sales()).key(key())
                .updateExpression("SET anonymisedAt = :at, retentionTable = :done REMOVE retentionCursor")
                .expressionAttributeValues(Map.of(":at", time(at), ":done", s(RetentionTable.DONE.name()))));
    }
}
