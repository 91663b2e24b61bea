package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.review.OrderPage;
import io.flashcheckout.review.OrderQuery;
import io.flashcheckout.support.Checkout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code bySale} index partitions follow the sale's stock shards (three per shard), on DynamoDB Local: an order's
 * entry sits in a partition of the shard it took its units from, and every reader of the index (the admin listing and
 * its cursor, the live holds, the live figures) reads all of them, and the eight of the layout before.
 */
class SaleOrderPartitionsTest {
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
    }

    private static List<Order> reserveMany(Sale sale, int orders) {
        List<Order> made = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            made.add(checkout.reserve.reserve(sale.saleId(), Requester.shopper("c" + i), 1, UUID.randomUUID().toString()).order());
        }
        return made;
    }

    @Test
    void anOrdersIndexEntryIsInAPartitionOfItsShardAndEveryReaderReadsThemAll() {
        Sale sale = checkout.openSale(60, 1, 12);
        List<Order> made = reserveMany(sale, 40);

        for (Order order : made) {
            Map<String, AttributeValue> item = checkout.dynamo.getItem(b -> b.tableName(checkout.tables.orders())
                    .key(OrderItems.orderKey(order.orderId()))).item();
            String partition = Attr.string(item, OrderItems.SALE_SHARD);
            int n = Integer.parseInt(partition.substring(partition.lastIndexOf('#') + 1));
            assertThat(n / SaleOrderPartitions.PER_SHARD).as("order %s on shard %d", order.orderId(), order.shard())
                    .isEqualTo(order.shard());
        }
        assertThat(SaleOrderPartitions.count(checkout.dynamo, checkout.tables, sale.saleId())).isEqualTo(36);

        Set<String> listed = listAll(sale.saleId(), 7);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(made.stream().map(Order::orderId).toList());
        assertThat(new DynamoLiveHolds(checkout.dynamo, checkout.tables).of(sale.saleId()).live()).isEqualTo(40);
        assertThat(new DynamoSaleActivity(checkout.dynamo, checkout.tables).figures(sale.saleId(), checkout.clock.instant())
                .byStatus().get(OrderStatus.RESERVED).orders()).isEqualTo(40);
        assertThat(new DynamoSaleOrders(checkout.dynamo, checkout.tables)
                .inStatuses(sale.saleId(), List.of(OrderStatus.RESERVED), 100)).hasSize(40);
    }

    @Test
    void anOrderStillInTheEightPartitionsOfTheLayoutBeforeIsRead() {
        Sale sale = checkout.openSale(10, 1, 1);
        List<Order> made = reserveMany(sale, 3);
        Map<String, AttributeValue> item = new HashMap<>(checkout.dynamo.getItem(b -> b.tableName(checkout.tables.orders())
                .key(OrderItems.orderKey(made.getFirst().orderId()))).item());
        item.put(OrderItems.SALE_SHARD, AttributeValue.fromS(OrderItems.saleShard(sale.saleId(), 7)));
        checkout.dynamo.putItem(b -> b.tableName(checkout.tables.orders()).item(item));

        assertThat(listAll(sale.saleId(), 2)).hasSize(3);
        assertThat(new DynamoLiveHolds(checkout.dynamo, checkout.tables).of(sale.saleId()).live()).isEqualTo(3);
    }

    @Test
    void theFirstPageHasTheOrderOfASaleWhoseOrdersSitInItsLastPartition() {
        // 16 shards: 48 partitions, more than the queries a page takes beyond one per partition
        Sale sale = checkout.openSale(160, 1, 16);
        Order only = reserveMany(sale, 1).getFirst();
        Map<String, AttributeValue> item = new HashMap<>(checkout.dynamo.getItem(b -> b.tableName(checkout.tables.orders())
                .key(OrderItems.orderKey(only.orderId()))).item());
        item.put(OrderItems.SALE_SHARD, AttributeValue.fromS(OrderItems.saleShard(sale.saleId(), 47)));
        checkout.dynamo.putItem(b -> b.tableName(checkout.tables.orders()).item(item));

        OrderPage first = new DynamoSaleOrders(checkout.dynamo, checkout.tables)
                .page(new OrderQuery(sale.saleId(), null, null, null, 10, null));

        assertThat(first.orders()).extracting(Order::orderId).containsExactly(only.orderId());
        assertThat(first.nextCursor()).isNull();
    }

    private static Set<String> listAll(String saleId, int pageSize) {
        DynamoSaleOrders listing = new DynamoSaleOrders(checkout.dynamo, checkout.tables);
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            OrderPage page = listing.page(new OrderQuery(saleId, null, null, null, pageSize, cursor));
            page.orders().forEach(o -> ids.add(o.orderId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(ids).doesNotHaveDuplicates();
        return ids.stream().collect(Collectors.toSet());
    }
}
