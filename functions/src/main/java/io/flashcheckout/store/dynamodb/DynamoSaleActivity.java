package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.review.LiveFigures;
import io.flashcheckout.review.SaleActivity;

import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import static io.flashcheckout.store.dynamodb.Attr.s;

/**
 * The live figures of a sale through the orders table's {@code bySale} index: each of its
 * {@link SaleOrderPartitions} partitions read page by page, only the sort key, quantity, creation, hold end and
 * decline read, until {@link LiveFigures#MAX_ORDERS} orders are counted. Eventually consistent, as every index read is.
 */
public final class DynamoSaleActivity implements SaleActivity {
    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;

    public DynamoSaleActivity(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public LiveFigures figures(String saleId, Instant now) {
        LiveFigures.Tally tally = new LiveFigures.Tally(now);
        int partitions = SaleOrderPartitions.count(dynamo, tables, saleId);
        for (int partition = 0; partition < partitions; partition++) {
            QueryRequest query = QueryRequest.builder()
                    .tableName(tables.orders())
                    .indexName(OrderItems.BY_SALE)
                    .keyConditionExpression("saleShard = :shard")
                    .projectionExpression("#k, #q, #c, #h, #d")
                    .expressionAttributeNames(Map.of("#k", OrderItems.SALE_SORT, "#q", "quantity", "#c", "createdAt",
                            "#h", OrderItems.HOLD_EXPIRES_AT, "#d", "declineReason"))
                    .expressionAttributeValues(Map.of(":shard", s(OrderItems.saleShard(saleId, partition))))
                    .build();
            for (QueryResponse page : dynamo.queryPaginator(query)) {
                for (Map<String, AttributeValue> item : page.items()) {
                    OrderStatus status = statusOf(Attr.string(item, OrderItems.SALE_SORT));
                    if (status != null && !tally.add(status, Attr.number(item, "quantity"), Attr.instant(item, "createdAt"),
                            Attr.instant(item, OrderItems.HOLD_EXPIRES_AT), item.containsKey("declineReason"))) {
                        return tally.figures();
                    }
                }
            }
        }
        return tally.figures();
    }

    private static OrderStatus statusOf(String saleSort) {
        if (saleSort == null) {
            return null;
        }
        int hash = saleSort.indexOf('#');
        String name = hash < 0 ? saleSort : saleSort.substring(0, hash);
        for (OrderStatus status : OrderStatus.values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        return null; // not an order (the admin log shares the index)
    }
}
