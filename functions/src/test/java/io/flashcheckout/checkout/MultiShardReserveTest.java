package io.flashcheckout.checkout;

import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.TableAudit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A multi-unit reservation when no single shard holds enough (issue 12, finding 7): the units come from several
 * shards in one transaction, and sold out is answered only when the sale has fewer units than asked.
 */
class MultiShardReserveTest {
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
    }

    @Test
    void aRequestForTwoTakesOneUnitFromEachOfTwoShards() {
        Sale sale = checkout.openSale(32, 2, 32);

        Reservation pair = checkout.reserve.reserve(sale.saleId(), Requester.shopper("pair"), 2, key());

        assertThat(pair.replayed()).isFalse();
        assertEquals(2, pair.order().quantity());
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(30, table.shardTotal());
        assertEquals(2, table.units("RESERVED"));
        long[] shards = checkout.saleStore.shardStock(sale);
        assertEquals(2, Arrays.stream(shards).filter(units -> units == 0).count(), Arrays.toString(shards));
        assertEquals(0, shards[pair.order().shard()], "the order records a shard it took from");
        assertEquals(2L, table.countedByCustomer().get("pair"));
    }

    @Test
    void cancellingAMultiShardOrderReturnsEveryUnit() {
        Sale sale = checkout.openSale(4, 3, 4);
        Order order = checkout.reserve.reserve(sale.saleId(), Requester.shopper("triple"), 3, key()).order();

        checkout.release.cancel(order.orderId(), Requester.shopper("triple"), null);

        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(4, table.shardTotal());
        // all three units go back to the order's one recorded shard: conservation is about the sum
        assertEquals(3, checkout.saleStore.shardStock(sale)[order.shard()]);
        assertEquals(0L, table.countedByCustomer().get("triple"));
        checkout.reserve.reserve(sale.saleId(), Requester.shopper("after"), 3, key());
        assertEquals(1, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void askingForMoreThanIsLeftIsSoldOutAndSaysHowManyAreLeft() {
        Sale sale = checkout.openSale(4, 5, 4);
        List<Map<String, AttributeValue>> before = checkout.audit.everything();

        CheckoutException.SoldOut refused = assertThrows(CheckoutException.SoldOut.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("greedy"), 5, key()));

        assertThat(refused.getMessage()).contains("only 4 units are left");
        assertEquals(before, checkout.audit.everything(), "nothing written, no sold-out mark while units remain");
        checkout.reserve.reserve(sale.saleId(), Requester.shopper("greedy"), 4, key());
        assertEquals(0, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
        CheckoutException.SoldOut gone = assertThrows(CheckoutException.SoldOut.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("late"), 1, key()));
        assertThat(gone.getMessage()).contains("is sold out");
        assertThat(checkout.saleStore.find(sale.saleId()).orElseThrow().soldOutAt()).as("every shard empty: marked").isNotNull();
    }

    @Test
    void unevenShardsAreTakenLargestFirst() {
        Sale sale = checkout.openSale(9, 5, 3);
        checkout.reserve.reserve(sale.saleId(), Requester.shopper("one"), 1, key());
        checkout.reserve.reserve(sale.saleId(), Requester.shopper("two"), 2, key());
        long[] before = checkout.saleStore.shardStock(sale);
        assertThat(Arrays.stream(before).sum()).isEqualTo(6);
        assertThat(Arrays.stream(before).max().orElseThrow()).as("no shard holds 5").isLessThan(5);

        Order five = checkout.reserve.reserve(sale.saleId(), Requester.shopper("five"), 5, key()).order();

        assertEquals(1, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
        assertEquals(Arrays.stream(before).max().orElseThrow(), before[five.shard()], "the recorded shard gave the most");
    }

    @Test
    void aRetriedMultiShardRequestFindsItsOrderAndTakesNothingMore() {
        Sale sale = checkout.openSale(8, 2, 8);
        String key = key();
        Reservation first = checkout.reserve.reserve(sale.saleId(), Requester.shopper("retrier"), 2, key);

        Reservation again = checkout.reserve.reserve(sale.saleId(), Requester.shopper("retrier"), 2, key);

        assertThat(again.replayed()).isTrue();
        assertEquals(first.order(), again.order());
        assertEquals(6, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
        assertThrows(CheckoutException.IdempotencyConflict.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("retrier"), 1, key));
    }

    @Test
    void theLimitHoldsOnTheMultiShardPath() {
        Sale sale = checkout.openSale(8, 2, 8);
        checkout.reserve.reserve(sale.saleId(), Requester.shopper("scalper"), 1, key());

        assertThrows(CheckoutException.LimitReached.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("scalper"), 2, key()));

        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(7, table.shardTotal());
        assertEquals(1L, table.countedByCustomer().get("scalper"));
    }

    @Test
    void ninetyEightShardsFitOneTransactionAndNoMore() {
        Sale sale = checkout.openSale(100, 100, 100);

        CheckoutException.SoldOut tooThin = assertThrows(CheckoutException.SoldOut.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("bulk"), 99, key()));
        assertThat(tooThin.getMessage()).contains("100 units are left").contains("at most 98");
        assertEquals(100, checkout.audit.assertInvariants(sale.saleId()).shardTotal());

        checkout.reserve.reserve(sale.saleId(), Requester.shopper("bulk"), 98, key());
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(2, table.shardTotal());
        assertEquals(98, table.units("RESERVED"));
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
