package io.flashcheckout.checkout;

import io.flashcheckout.channels.NewChannel;
import io.flashcheckout.channels.PoolRequest;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.SoldOutMark;
import io.flashcheckout.support.Checkout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The sold-out mark on DynamoDB Local: written by the reservation that leaves the shelf empty (not by the next shopper
 * who asks), and never left standing while units are on the shelf.
 */
class SoldOutMarkTest {
    private static Checkout checkout;
    private static SoldOutMark marks;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
        marks = new SoldOutMark(checkout.saleStore, new SaleLookup(checkout.saleStore, Duration.ZERO), checkout.clock);
    }

    private static Order reserve(Sale sale, String customer) {
        return checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer), 1, UUID.randomUUID().toString()).order();
    }

    private static Sale stored(Sale sale) {
        return checkout.saleStore.find(sale.saleId()).orElseThrow();
    }

    @Test
    void theReservationThatTakesAReturnedLastUnitMarksTheSaleSoldOut() {
        Sale sale = checkout.openSale(4, 1, 4);
        Order first = reserve(sale, "a");
        for (String shopper : List.of("b", "c", "d")) {
            reserve(sale, shopper);
        }
        assertThrows(CheckoutException.SoldOut.class, () -> reserve(sale, "e"));
        checkout.release.cancel(first.orderId(), Requester.shopper("a"), null);
        assertThat(stored(sale).soldOutAt()).as("the unit back on the shelf removed the mark").isNull();

        checkout.clock.advance(Duration.ofMillis(1_500));
        reserve(sale, "e");

        Sale after = stored(sale);
        assertThat(after.soldOutAt()).as("marked by the reservation that emptied the shelf, no one else asked")
                .isEqualTo(checkout.clock.instant());
        assertThat(after.markedSoldOut(checkout.clock.instant(), Duration.ofSeconds(5))).isTrue();
        assertEquals(0, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void aReservationThatLeavesUnitsOnTheShelfDoesNotMarkIt() {
        Sale sale = checkout.openSale(3, 1, 3);
        Order a = reserve(sale, "a");
        Order b = reserve(sale, "b");
        reserve(sale, "c");
        assertThrows(CheckoutException.SoldOut.class, () -> reserve(sale, "d"));
        checkout.release.cancel(a.orderId(), Requester.shopper("a"), null);
        checkout.release.cancel(b.orderId(), Requester.shopper("b"), null);

        reserve(sale, "d");

        assertThat(stored(sale).soldOutAt()).isNull();
        assertEquals(1, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void aMarkWrittenWhileAUnitCameBackIsWithdrawn() {
        // as if a release committed between the read that saw the shelf empty and the mark
        Sale sale = checkout.openSale(2, 1, 2);
        reserve(sale, "a");

        assertThat(marks.mark(sale)).isFalse();

        assertThat(stored(sale).soldOutAt()).isNull();
    }

    @Test
    void aMarkMadeTrueAgainStaysWhenALateReleaseFindsItsUnitsTakenAlready() {
        Sale sale = checkout.openSale(1, 1, 1);
        reserve(sale, "a");
        assertThat(marks.mark(sale)).isTrue();

        assertThat(checkout.saleStore.clearSoldOut(stored(sale), 0)).as("shard 0 holds no unit").isFalse();
        assertThat(stored(sale).soldOutAt()).isNotNull();
    }

    @Test
    void theReservationThatEmptiesAChannelsPoolMarksThePoolAndThenTheSale() {
        NewSale d = checkout.saleDefinition(Checkout.uniqueSaleId(), 4, 1, 1);
        Sale sale = checkout.sales.create(new NewSale(d.saleId(), d.sku(), d.title(), d.price(), d.stock(), d.perCustomerLimit(),
                d.opensAt(), d.closesAt(), d.holdSeconds(), null, null, new PoolRequest(List.of(
                new NewChannel("lazada", 2L, List.of("app-lazada")),
                new NewChannel("mi", 2L, List.of("app-mi"))), null, 2))).sale();
        Order first = reserveIn(sale, "l1", "app-lazada");
        reserveIn(sale, "l2", "app-lazada");
        assertThrows(CheckoutException.SoldOut.class, () -> reserveIn(sale, "l3", "app-lazada"));
        checkout.release.cancel(first.orderId(), Requester.shopper("l1", null, "app-lazada"), null);
        assertThat(stored(sale).pools().markedSoldOut("lazada", checkout.clock.instant(), Duration.ofSeconds(5))).isFalse();

        reserveIn(sale, "l3", "app-lazada");
        assertThat(stored(sale).pools().markedSoldOut("lazada", checkout.clock.instant(), Duration.ofSeconds(5)))
                .as("the pool's mark, from the reservation that emptied it").isTrue();
        assertThat(stored(sale).soldOutAt()).as("mi still has units").isNull();

        Order m1 = reserveIn(sale, "m1", "app-mi");
        reserveIn(sale, "m2", "app-mi");
        assertThrows(CheckoutException.SoldOut.class, () -> reserveIn(sale, "m3", "app-mi"));
        checkout.release.cancel(m1.orderId(), Requester.shopper("m1", null, "app-mi"), null);
        assertThat(stored(sale).soldOutAt()).isNull();

        reserveIn(sale, "m3", "app-mi");
        Sale after = stored(sale);
        assertThat(after.pools().markedSoldOut("mi", checkout.clock.instant(), Duration.ofSeconds(5))).isTrue();
        assertThat(after.soldOutAt()).as("the last unit of the last pool marks the sale").isNotNull();
    }

    private static Order reserveIn(Sale sale, String customer, String app) {
        return checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer, null, app), 1, UUID.randomUUID().toString(),
                null, Signals.NONE).order();
    }

    /**
     * A reserve takes the last unit on one shard while a cancel puts one back on the other, round after round: after
     * each round one unit is on the shelf, so no mark may stand, whichever of the two wrote last.
     */
    @Test
    void noMarkStandsWhileAUnitIsOnTheShelfWhateverTheOrderOfARaceBetweenReserveAndRelease() throws Exception {
        Sale sale = checkout.openSale(2, 1, 2);
        Order held = reserve(sale, "s0");
        Order other = reserve(sale, "s1");
        assertThrows(CheckoutException.SoldOut.class, () -> reserve(sale, "nobody"));
        checkout.release.cancel(other.orderId(), Requester.shopper("s1"), null);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 2; round < 22; round++) {
                String shopper = "s" + round;
                Order toCancel = held;
                CompletableFuture<Order> taken = CompletableFuture.supplyAsync(() -> reserve(sale, shopper), pool);
                CompletableFuture<Order> cancelled = CompletableFuture.supplyAsync(() -> checkout.release.cancel(
                        toCancel.orderId(), Requester.shopper(toCancel.customerId()), null), pool);
                held = taken.get();
                cancelled.get();
                assertThat(stored(sale).soldOutAt()).as("round %d: one unit is on the shelf", round).isNull();
                assertEquals(1, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
            }
        }
    }
}
