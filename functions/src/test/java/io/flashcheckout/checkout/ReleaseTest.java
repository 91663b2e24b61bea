package io.flashcheckout.checkout;

import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.TableAudit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cancel and hold expiry give back exactly what the reserve took: the shard's units and the customer's limit. */
class ReleaseTest {
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
    }

    private static Order reserve(Sale sale, String customer, int quantity) {
        return checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer), quantity, UUID.randomUUID().toString()).order();
    }

    @Test
    void cancelRestoresTheShardAndFreesTheLimit() {
        Sale sale = checkout.openSale(10, 2, 4);
        Order order = reserve(sale, "alice", 2);
        assertThrows(CheckoutException.LimitReached.class, () -> reserve(sale, "alice", 1));

        Order cancelled = checkout.release.cancel(order.orderId(), Requester.shopper("alice"), null);

        assertEquals(OrderStatus.CANCELLED, cancelled.status());
        assertEquals("cancelled by customer", cancelled.cancelReason());
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(10, table.shardTotal());
        assertEquals(0L, table.countedByCustomer().get("alice"));
        reserve(sale, "alice", 2);
    }

    @Test
    void cancellingTwiceAnswersTheCancelledOrderAndReturnsNothingMore() {
        Sale sale = checkout.openSale(5, 1, 1);
        Order order = reserve(sale, "bob", 1);
        checkout.release.cancel(order.orderId(), Requester.shopper("bob"), null);

        Order again = checkout.release.cancel(order.orderId(), Requester.shopper("bob"), null);

        assertEquals(OrderStatus.CANCELLED, again.status());
        assertEquals(5, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void anotherShoppersOrderCannotBeSeenOrCancelled() {
        Sale sale = checkout.openSale(5, 1, 1);
        Order order = reserve(sale, "carol", 1);

        assertThrows(CheckoutException.NotFound.class, () -> checkout.orders.get(order.orderId(), Requester.shopper("mallory")));
        assertThrows(CheckoutException.NotFound.class,
                () -> checkout.release.cancel(order.orderId(), Requester.shopper("mallory"), null));

        assertEquals(OrderStatus.RESERVED, checkout.orders.get(order.orderId(), Requester.admin("ops")).status());
        assertEquals(4, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void anAdminCancelKeepsTheReason() {
        Sale sale = checkout.openSale(5, 1, 1);
        Order order = reserve(sale, "scalper-7", 1);

        Order cancelled = checkout.release.cancel(order.orderId(), Requester.admin("ops"), "unusual activity");

        assertEquals("unusual activity", cancelled.cancelReason());
        assertEquals(5, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void expiryReleasesOnlyAfterTheHoldEnds() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "dave", 1);

        ReleaseService.Expiry early = checkout.release.expire(order.orderId());
        assertThat(early.expired()).isFalse();
        assertEquals(OrderStatus.RESERVED, early.order().status());

        checkout.clock.advance(Duration.ofSeconds(sale.holdSeconds()));
        ReleaseService.Expiry due = checkout.release.expire(order.orderId());
        ReleaseService.Expiry duplicate = checkout.release.expire(order.orderId());

        assertThat(due.expired()).isTrue();
        assertEquals(OrderStatus.EXPIRED, due.order().status());
        assertThat(duplicate.expired()).isFalse();
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(10, table.shardTotal());
        assertEquals(0L, table.countedByCustomer().get("dave"));
        reserve(sale, "dave", 1);
    }

    @Test
    void anExpiredOrderCanNeitherBePaidNorCancelled() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "erin", 1);
        checkout.clock.advance(Duration.ofSeconds(sale.holdSeconds() + 1));

        assertThrows(CheckoutException.HoldExpired.class,
                () -> checkout.pay.pay(order.orderId(), Requester.shopper("erin"), "tok_approve"));
        checkout.release.expire(order.orderId());
        assertThrows(CheckoutException.NotPayable.class,
                () -> checkout.pay.pay(order.orderId(), Requester.shopper("erin"), "tok_approve"));
        assertThrows(CheckoutException.NotCancellable.class,
                () -> checkout.release.cancel(order.orderId(), Requester.shopper("erin"), null));
        assertEquals(10, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void releasedUnitsClearTheSoldOutMarkAndSellAgain() {
        Sale sale = checkout.openSale(1, 1, 1);
        Order order = reserve(sale, "first", 1);
        assertThrows(CheckoutException.SoldOut.class, () -> reserve(sale, "second", 1));
        assertThat(checkout.saleStore.find(sale.saleId()).orElseThrow().soldOutAt()).isNotNull();

        checkout.release.cancel(order.orderId(), Requester.shopper("first"), null);

        assertThat(checkout.saleStore.find(sale.saleId()).orElseThrow().soldOutAt()).isNull();
        assertEquals(OrderStatus.RESERVED, reserve(sale, "second", 1).status());
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void afterASellOutAReleasedUnitGoesToTheNextShopperAndAReplayedKeyStillGetsItsOrder() {
        Sale sale = checkout.openSale(4, 1, 4);
        Order first = reserve(sale, "a", 1);
        String bKey = UUID.randomUUID().toString();
        Order b = checkout.reserve.reserve(sale.saleId(), Requester.shopper("b"), 1, bKey).order();
        for (String shopper : List.of("c", "d")) {
            reserve(sale, shopper, 1);
        }
        assertThrows(CheckoutException.SoldOut.class, () -> reserve(sale, "e", 1));

        checkout.release.cancel(first.orderId(), Requester.shopper("a"), null);

        Reservation replayed = checkout.reserve.reserve(sale.saleId(), Requester.shopper("b"), 1, bKey);
        assertThat(replayed.replayed()).isTrue();
        assertEquals(b.orderId(), replayed.order().orderId());
        Order again = reserve(sale, "e", 1);
        assertEquals(OrderStatus.RESERVED, again.status());
        assertEquals(first.shard(), again.shard());
        assertThrows(CheckoutException.SoldOut.class, () -> reserve(sale, "f", 1));
        Reservation replayedWhenEmpty = checkout.reserve.reserve(sale.saleId(), Requester.shopper("b"), 1, bKey);
        assertEquals(b.orderId(), replayedWhenEmpty.order().orderId());
        assertThrows(CheckoutException.IdempotencyConflict.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("b"), 2, bKey));
        assertThat(checkout.saleStore.find(sale.saleId()).orElseThrow().soldOutAt()).isNotNull();
        assertEquals(0, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void restockSpreadsUnitsOverShardsAndClearsTheMark() {
        Sale sale = checkout.openSale(0, 1, 4);
        assertThrows(CheckoutException.SoldOut.class, () -> reserve(sale, "early", 1));

        Sale restocked = checkout.sales.restock(sale.saleId(), 10, null);

        assertEquals(10, restocked.stockLoaded());
        assertThat(restocked.soldOutAt()).isNull();
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertThat(table.shards()).containsExactlyInAnyOrder(3L, 3L, 2L, 2L);
        assertEquals(SaleStatus.OPEN, checkout.sales.view(sale.saleId()).status());
        reserve(sale, "early", 1);
        assertEquals(9, checkout.sales.view(sale.saleId()).available());
    }

    @Test
    void aRestockRetriedWithItsTokenCountsOnce() {
        Sale sale = checkout.openSale(10, 1, 8);
        String token = "restock-" + UUID.randomUUID();
        for (int retry = 0; retry < 5; retry++) {
            checkout.sales.restock(sale.saleId(), 5, token);
            checkout.clock.advance(Duration.ofSeconds(1));
        }

        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(15, table.stockLoaded());
        assertEquals(15, table.shardTotal());
        assertThrows(CheckoutException.Conflict.class, () -> checkout.sales.restock(sale.saleId(), 6, token));
        assertEquals(15, checkout.audit.assertInvariants(sale.saleId()).stockLoaded());
    }

    @Test
    void oneHundredShardsCanBeCreatedAndRestocked() {
        Sale sale = checkout.openSale(1_000, 1, 100);
        checkout.sales.restock(sale.saleId(), 500, null);

        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(100, table.shards().size());
        assertEquals(1_500, table.shardTotal());
    }
}
