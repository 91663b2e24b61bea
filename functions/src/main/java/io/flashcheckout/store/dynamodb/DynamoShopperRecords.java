package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.mydata.ShopperRecords;
import io.flashcheckout.review.OrderPage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import static io.flashcheckout.store.dynamodb.Attr.s;

/**
 * A customer's orders through the orders table's {@code byCustomer} index (newest first; the index also holds the
 * customer's per-sale count items, which the filter leaves out), and their refunds by key from the refunds table (a
 * refund's id derives from its order and payment attempt, so no index is needed). The cursor is bound to the customer:
 * another customer's cursor is refused, never read.
 */
public final class DynamoShopperRecords implements ShopperRecords {
    private static final Pattern CREATED = Pattern.compile("[0-9]{1,13}");
    private static final Pattern ORDER_PK = Pattern.compile("ORDER#o-[0-9a-f]{32}");
    /** Queries one page may take (the filter may leave few items per query): the page then ends early, with a cursor. */
    private static final int MAX_QUERIES_PER_PAGE = 20;
    /** BatchGetItem's own limit of keys per request. */
    private static final int KEYS_PER_BATCH = 100;
    /** Payment attempts of one order whose refunds are looked up; the pay step allows far fewer. */
    private static final int MAX_ATTEMPTS_LOOKED_UP = 20;

    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;

    public DynamoShopperRecords(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public OrderPage orders(String customerId, String cursor, int limit) {
        String listing = "me\n" + customerId;
        PageCursor at = PageCursor.decode(cursor, listing, 1, CREATED, ORDER_PK);
        Map<String, AttributeValue> start = at == null || at.atPartitionStart() ? null : Map.of(
                OrderItems.PK, s(at.itemKey()),
                "customerId", s(customerId),
                "createdAt", AttributeValue.fromN(at.sortKey()));
        List<Order> found = new ArrayList<>();
        for (int queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
            QueryResponse page = dynamo.query(QueryRequest.builder()
                    .tableName(tables.orders())
                    .indexName("byCustomer")
                    .keyConditionExpression("customerId = :customer")
                    .filterExpression("begins_with(pk, :order)")
                    .expressionAttributeValues(Map.of(":customer", s(customerId), ":order", s("ORDER#")))
                    .scanIndexForward(false)
                    .exclusiveStartKey(start)
                    .limit(limit - found.size())
                    .build());
            page.items().forEach(item -> found.add(OrderItems.order(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                return new OrderPage(found, null);
            }
            if (found.size() == limit) {
                break;
            }
        }
        return new OrderPage(found, new PageCursor(0, start.get("createdAt").n(), Attr.string(start, OrderItems.PK))
                .encode(listing));
    }

    @Override
    public List<Refund> refundsOf(List<Order> orders) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Order order : orders) {
            for (int attempt = 1; attempt <= Math.min(order.paymentAttempt(), MAX_ATTEMPTS_LOOKED_UP); attempt++) {
                keys.add(OrderItems.refundKey(Refund.idFor(order.orderId(), attempt)));
            }
        }
        List<Refund> refunds = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_BATCH) {
            List<Map<String, AttributeValue>> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_BATCH));
            Map<String, KeysAndAttributes> pending = Map.of(tables.refunds(), KeysAndAttributes.builder().keys(batch).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
                response.responses().getOrDefault(tables.refunds(), List.of()).forEach(item -> refunds.add(OrderItems.refund(item)));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return refunds;
    }
}
