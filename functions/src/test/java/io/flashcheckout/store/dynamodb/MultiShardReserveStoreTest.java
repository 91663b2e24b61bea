package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.ReserveOutcome;
import io.flashcheckout.store.ShardTake;
import io.flashcheckout.support.Checkout;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The store's side of a reserve over several shards: all or nothing, and a refusal names every short shard. */
class MultiShardReserveStoreTest {
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
    }

    @Test
    void aTransactionWithShortShardsWritesNothingAndNamesEachWithItsUnits() {
        Sale sale = checkout.openSale(6, 6, 3);
        List<Map<String, AttributeValue>> before = checkout.audit.everything();

        ReserveOutcome outcome = checkout.orderStore.reserve(sale, order(sale, 6, 0),
                List.of(new ShardTake(0, 2), new ShardTake(1, 3), new ShardTake(2, 1)));

        assertEquals(new ReserveOutcome.ShardsShort(Map.of(1, 2L)), outcome);
        assertEquals(before, checkout.audit.everything());
    }

    @Test
    void aTransactionOverSeveralShardsTakesFromEach() {
        Sale sale = checkout.openSale(6, 6, 3);

        ReserveOutcome outcome = checkout.orderStore.reserve(sale, order(sale, 5, 1),
                List.of(new ShardTake(1, 2), new ShardTake(0, 2), new ShardTake(2, 1)));

        assertThat(outcome).isInstanceOf(ReserveOutcome.Reserved.class);
        assertThat(checkout.saleStore.shardStock(sale)).containsExactly(0, 0, 1);
        assertEquals(1, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void takesThatDoNotDescribeTheOrderAreRefusedBeforeAnyWrite() {
        Sale sale = checkout.openSale(6, 6, 3);
        Order four = order(sale, 4, 0);

        assertThrows(IllegalArgumentException.class, () -> checkout.orderStore.reserve(sale, four,
                List.of(new ShardTake(0, 2), new ShardTake(1, 1))), "units do not add up to the quantity");
        assertThrows(IllegalArgumentException.class, () -> checkout.orderStore.reserve(sale, four,
                List.of(new ShardTake(0, 2), new ShardTake(0, 2))), "one shard twice");
        assertThrows(IllegalArgumentException.class, () -> checkout.orderStore.reserve(sale, four,
                List.of(new ShardTake(1, 2), new ShardTake(2, 2))), "the order's shard gives nothing");
        assertThrows(IllegalArgumentException.class, () -> checkout.orderStore.reserve(sale, four,
                List.of(new ShardTake(0, 2), new ShardTake(3, 2))), "no shard 3");
        assertEquals(6, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    private static Order order(Sale sale, int quantity, int shard) {
        String orderId = "o-" + UUID.randomUUID().toString().replace("-", "");
        return Order.reserve(orderId, sale, Requester.shopper("store-" + quantity).customerId(), quantity, shard,
                checkout.clock.instant());
    }
}
