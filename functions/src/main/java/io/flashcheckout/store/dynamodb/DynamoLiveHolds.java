package io.flashcheckout.store.dynamodb;

import io.flashcheckout.admission.HeldUnits;
import io.flashcheckout.admission.LiveHolds;
import io.flashcheckout.checkout.OrderStatus;

import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import static io.flashcheckout.store.dynamodb.Attr.s;

/**
 * A sale's live holds through the orders table's {@code bySale} index: each of its {@link SaleOrderPartitions}
 * partitions queried for {@code RESERVED#} and {@code PAYING#} sort keys, only quantity and hold end read, every page
 * (the SDK retries throttled pages with backoff). Eventually consistent, as every index read is.
 */
public final class DynamoLiveHolds implements LiveHolds {
    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;

    public DynamoLiveHolds(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public HeldUnits of(String saleId) {
        HeldUnits.Tally tally = new HeldUnits.Tally();
        int partitions = SaleOrderPartitions.count(dynamo, tables, saleId);
        for (int partition = 0; partition < partitions; partition++) {
            for (OrderStatus status : new OrderStatus[] {OrderStatus.RESERVED, OrderStatus.PAYING}) {
                QueryRequest query = QueryRequest.builder()
                        .tableName(tables.orders())
                        .indexName(OrderItems.BY_SALE)
                        .keyConditionExpression("saleShard = :shard AND begins_with(saleSort, :status)")
                        .projectionExpression("#q, #h")
                        .expressionAttributeNames(Map.of("#q", "quantity", "#h", OrderItems.HOLD_EXPIRES_AT))
                        .expressionAttributeValues(Map.of(
                                ":shard", s(OrderItems.saleShard(saleId, partition)),
                                ":status", s(status.name() + "#")))
                        .build();
                for (QueryResponse page : dynamo.queryPaginator(query)) {
                    for (Map<String, AttributeValue> item : page.items()) {
                        long units = Attr.number(item, "quantity");
                        Instant ends = Attr.instant(item, OrderItems.HOLD_EXPIRES_AT);
                        if (status == OrderStatus.PAYING || ends == null) {
                            tally.paying(units); // no end of its own: back only if its payment fails
                        } else {
                            tally.reserved(units, ends);
                        }
                    }
                }
            }
        }
        return tally.held();
    }
}
