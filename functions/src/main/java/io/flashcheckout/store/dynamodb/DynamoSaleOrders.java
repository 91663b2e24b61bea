package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.review.OrderPage;
import io.flashcheckout.review.OrderQuery;
import io.flashcheckout.review.SaleOrders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import static io.flashcheckout.store.dynamodb.Attr.s;

/**
 * A sale's orders through the orders table's indexes, never a scan: {@code bySale} (the sale's
 * {@link SaleOrderPartitions} one after the other, by status and then creation within each), or
 * {@code byCustomer} when one customer is asked for (their orders by creation, this sale's kept).
 */
public final class DynamoSaleOrders implements SaleOrders {
    private static final Pattern ORDER_SORT = Pattern.compile("[A-Z_]{1,20}#[0-9]{13}#o-[0-9a-f]{32}");
    private static final Pattern CREATED = Pattern.compile("[0-9]{1,13}");
    private static final Pattern ORDER_PK = Pattern.compile("ORDER#o-[0-9a-f]{32}");
    /**
     * Queries one page may take beyond one per index partition (filters may leave few items per query): the page
     * then ends early, with a cursor. Every partition is read before a page ends short, so a sale whose orders sit in
     * a few of its many partitions still answers a first page with them.
     */
    private static final int MAX_QUERIES_PER_PAGE = 20;

    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;

    public DynamoSaleOrders(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public OrderPage page(OrderQuery query) {
        String listing = String.join("\n", query.saleId(), String.valueOf(query.status()), String.valueOf(query.channel()),
                String.valueOf(query.customerId()));
        return query.customerId() == null ? bySale(query, listing) : byCustomer(query, listing);
    }

    private OrderPage bySale(OrderQuery query, String listing) {
        int partitions = SaleOrderPartitions.count(dynamo, tables, query.saleId());
        PageCursor at = PageCursor.decode(query.cursor(), listing, partitions, ORDER_SORT, ORDER_PK);
        if (at == null) {
            at = PageCursor.startOf(0);
        }
        if (!at.atPartitionStart() && query.status() != null && !at.sortKey().startsWith(query.status().name() + "#")) {
            // DynamoDB refuses a start key outside the key condition with a 400 of its own: ours comes first
            throw new io.flashcheckout.checkout.CheckoutException.InvalidInput(
                    "cursor is not one this listing gave; start again without it");
        }
        List<Order> found = new ArrayList<>();
        int partition = at.partition();
        Map<String, AttributeValue> start = at.atPartitionStart() ? null : Map.of(
                OrderItems.PK, s(at.itemKey()),
                OrderItems.SALE_SHARD, s(OrderItems.saleShard(query.saleId(), partition)),
                OrderItems.SALE_SORT, s(at.sortKey()));
        for (int queries = 0; queries < partitions + MAX_QUERIES_PER_PAGE; queries++) {
            QueryResponse page = dynamo.query(saleQuery(query, partition, start, query.limit() - found.size()));
            page.items().forEach(item -> found.add(OrderItems.order(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                partition++;
                if (partition == partitions) {
                    return new OrderPage(found, null);
                }
            }
            if (found.size() == query.limit()) {
                break;
            }
        }
        PageCursor next = start == null ? PageCursor.startOf(partition)
                : new PageCursor(partition, Attr.string(start, OrderItems.SALE_SORT), Attr.string(start, OrderItems.PK));
        return new OrderPage(found, next.encode(listing));
    }

    private QueryRequest saleQuery(OrderQuery query, int partition, Map<String, AttributeValue> start, int limit) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":shard", s(OrderItems.saleShard(query.saleId(), partition)));
        String condition = "saleShard = :shard";
        if (query.status() != null) {
            condition += " AND begins_with(saleSort, :status)";
            values.put(":status", s(query.status().name() + "#"));
        }
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(tables.orders())
                .indexName(OrderItems.BY_SALE)
                .keyConditionExpression(condition)
                .exclusiveStartKey(start)
                .limit(limit);
        if (query.channel() != null) {
            request.filterExpression("channel = :channel");
            values.put(":channel", s(query.channel()));
        }
        return request.expressionAttributeValues(values).build();
    }

    private OrderPage byCustomer(OrderQuery query, String listing) {
        PageCursor at = PageCursor.decode(query.cursor(), listing, 1, CREATED, ORDER_PK);
        Map<String, AttributeValue> start = at == null || at.atPartitionStart() ? null : Map.of(
                OrderItems.PK, s(at.itemKey()),
                "customerId", s(query.customerId()),
                "createdAt", AttributeValue.fromN(at.sortKey()));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":customer", s(query.customerId()));
        values.put(":sale", s(query.saleId()));
        values.put(":order", s("ORDER#"));
        StringBuilder filter = new StringBuilder("saleId = :sale AND begins_with(pk, :order)");
        if (query.status() != null) {
            filter.append(" AND #status = :status");
            values.put(":status", s(query.status().name()));
        }
        if (query.channel() != null) {
            filter.append(" AND channel = :channel");
            values.put(":channel", s(query.channel()));
        }
        List<Order> found = new ArrayList<>();
        for (int queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(tables.orders())
                    .indexName("byCustomer")
                    .keyConditionExpression("customerId = :customer")
                    .filterExpression(filter.toString())
                    .expressionAttributeValues(values)
                    .exclusiveStartKey(start)
                    .limit(query.limit() - found.size());
            if (query.status() != null) {
                request.expressionAttributeNames(Map.of("#status", OrderItems.STATUS));
            }
            QueryResponse page = dynamo.query(request.build());
            page.items().forEach(item -> found.add(OrderItems.order(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                return new OrderPage(found, null);
            }
            if (found.size() == query.limit()) {
                break;
            }
        }
        return new OrderPage(found, new PageCursor(0, start.get("createdAt").n(), Attr.string(start, OrderItems.PK))
                .encode(listing));
    }

    @Override
    public List<Order> inStatuses(String saleId, List<OrderStatus> statuses, int max) {
        List<Order> found = new ArrayList<>();
        int partitions = SaleOrderPartitions.count(dynamo, tables, saleId);
        for (OrderStatus status : statuses) {
            for (int partition = 0; partition < partitions; partition++) {
                QueryRequest query = QueryRequest.builder()
                        .tableName(tables.orders())
                        .indexName(OrderItems.BY_SALE)
                        .keyConditionExpression("saleShard = :shard AND begins_with(saleSort, :status)")
                        .expressionAttributeValues(Map.of(
                                ":shard", s(OrderItems.saleShard(saleId, partition)),
                                ":status", s(status.name() + "#")))
                        .build();
                for (QueryResponse page : dynamo.queryPaginator(query)) {
                    page.items().forEach(item -> found.add(OrderItems.order(item)));
                    if (found.size() > max) {
                        return found.subList(0, max + 1);
                    }
                }
            }
        }
        return found;
    }
}
