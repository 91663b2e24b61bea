package io.flashcheckout.channels;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.Signals;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.PoolAudit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Channel pools on DynamoDB Local: shoppers of three channels race, units move, come back and are restocked per pool. */
class PoolReserveRaceTest {
    private static Checkout checkout;
    private static PoolAudit pools;
    private static PoolMoves moves;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
        pools = new PoolAudit(checkout.dynamo, checkout.tables);
        moves = new PoolMoves(checkout.saleStore, new SaleLookup(checkout.saleStore, Duration.ZERO));
    }

    /** lazada 40, akulaku 20, mi 40 and a shared 20, two shards per pool. */
    private static Sale pocoSale(Long shared) {
        NewSale d = checkout.saleDefinition(Checkout.uniqueSaleId(), 100 + (shared == null ? 0 : shared), 1, 1);
        PoolRequest request = new PoolRequest(List.of(
                new NewChannel("lazada", 40L, List.of("app-lazada")),
                new NewChannel("akulaku", 20L, List.of("app-akulaku")),
                new NewChannel("mi", 40L, List.of("app-mi"))), shared, 2);
        return checkout.sales.create(new NewSale(d.saleId(), d.sku(), d.title(), d.price(), d.stock(), d.perCustomerLimit(),
                d.opensAt(), d.closesAt(), d.holdSeconds(), null, null, request)).sale();
    }

    private static Order reserve(Sale sale, String customer, String app, String named) {
        return checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer, null, app), 1, UUID.randomUUID().toString(),
                null, new Signals(null, null, null, named)).order();
    }

    @Test
    void threeChannelsRaceAndEachPoolConservesItsUnits() throws Exception {
        Sale sale = pocoSale(20L);
        Map<String, Integer> reservedByChannel = new ConcurrentHashMap<>();
        Map<String, Integer> fromShared = new ConcurrentHashMap<>();
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Callable<Void>> shoppers = new ArrayList<>();
        for (String channel : List.of("lazada", "akulaku", "mi")) {
            for (int i = 0; i < 70; i++) {
                String customer = channel + "-" + i;
                shoppers.add(() -> {
                    try {
                        Order order = reserve(sale, customer, "app-" + channel, null);
                        assertEquals(channel, order.signals().channel(), "the order keeps the caller's channel");
                        reservedByChannel.merge(channel, 1, Integer::sum);
                        if (sale.pools().ofShard(order.shard()).shared()) {
                            fromShared.merge(channel, 1, Integer::sum);
                        } else {
                            assertEquals(channel, sale.pools().ofShard(order.shard()).name(), "taken from its own pool");
                        }
                        answers.merge("reserved", 1, Integer::sum);
                    } catch (CheckoutException e) {
                        answers.merge(e.slug(), 1, Integer::sum);
                    }
                    return null;
                });
            }
        }
        runAll(shoppers);

        assertEquals(Map.of("reserved", 120, "sold-out", 90), answers);
        assertEquals(20, fromShared.values().stream().mapToInt(Integer::intValue).sum(), "the shared pool gave its 20");
        assertThat(reservedByChannel.get("lazada")).isGreaterThanOrEqualTo(40);
        assertThat(reservedByChannel.get("akulaku")).isGreaterThanOrEqualTo(20);
        Map<String, PoolAudit.PoolCount> counted = pools.assertPoolsConserve(sale.saleId());
        assertThat(counted.values()).allMatch(pool -> pool.shards() == 0);
        Sale after = checkout.saleStore.find(sale.saleId()).orElseThrow();
        assertThat(after.pools().allMarked(checkout.clock.instant(), Duration.ofSeconds(5))).isTrue();
        assertThat(after.markedSoldOut(checkout.clock.instant(), Duration.ofSeconds(5)))
                .as("sold out when every pool is").isTrue();
    }

    @Test
    void aCallerCannotTakeAnotherChannelsPool() {
        Sale sale = pocoSale(null);
        var before = checkout.audit.everything();

        assertThatThrownBy(() -> reserve(sale, "lazada-shopper", "app-lazada", "mi"))
                .isInstanceOf(CheckoutException.WrongChannel.class);
        assertThatThrownBy(() -> reserve(sale, "stranger", "app-elsewhere", null))
                .isInstanceOf(CheckoutException.WrongChannel.class);
        assertThatThrownBy(() -> reserve(sale, "stranger", null, "lazada"))
                .isInstanceOf(CheckoutException.WrongChannel.class);
        assertEquals(before, checkout.audit.everything(), "nothing written");

        Order own = reserve(sale, "mi-shopper", "app-mi", "mi");
        assertEquals("mi", sale.pools().ofShard(own.shard()).name());
    }

    @Test
    void aRetriedKeyFindsItsOrderAfterItsPoolSoldOut() {
        Sale sale = pocoSale(null);
        Requester first = Requester.shopper("ak-first", null, "app-akulaku");
        Order made = checkout.reserve.reserve(sale.saleId(), first, 1, "the-first-key", null, Signals.NONE).order();
        for (int i = 0; i < 19; i++) {
            reserve(sale, "ak-" + i, "app-akulaku", null);
        }
        assertThatThrownBy(() -> reserve(sale, "ak-late", "app-akulaku", null)).isInstanceOf(CheckoutException.SoldOut.class);

        var again = checkout.reserve.reserve(sale.saleId(), first, 1, "the-first-key", null, Signals.NONE);

        assertThat(again.replayed()).isTrue();
        assertEquals(made, again.order());
    }

    @Test
    void aCallerInNoChannelTakesFromTheSharedPoolOnly() {
        Sale sale = pocoSale(5L);
        for (int i = 0; i < 5; i++) {
            Order order = reserve(sale, "web-" + i, "app-web", null);
            assertThat(order.signals().channel()).isNull();
            assertThat(sale.pools().ofShard(order.shard()).shared()).isTrue();
        }
        assertThatThrownBy(() -> reserve(sale, "web-late", "app-web", null)).isInstanceOf(CheckoutException.SoldOut.class);
        // the channels' own pools are untouched and still sell
        reserve(sale, "akulaku-1", "app-akulaku", null);
        pools.assertPoolsConserve(sale.saleId());
    }

    @Test
    void aCancelledOrderReturnsItsUnitToThePoolItCameFrom() {
        Sale sale = pocoSale(1L);
        List<Order> akulaku = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            akulaku.add(reserve(sale, "ak-" + i, "app-akulaku", null));
        }
        assertThatThrownBy(() -> reserve(sale, "ak-late", "app-akulaku", null)).isInstanceOf(CheckoutException.SoldOut.class);
        Order fromShared = akulaku.stream().filter(o -> sale.pools().ofShard(o.shard()).shared()).findFirst().orElseThrow();

        checkout.release.cancel(fromShared.orderId(), Requester.shopper(fromShared.customerId()), null);

        Map<String, PoolAudit.PoolCount> counted = pools.assertPoolsConserve(sale.saleId());
        assertEquals(1, counted.get("shared").shards());
        assertEquals(0, counted.get("akulaku").shards());
        // the pool marks were cleared with the release: the next akulaku shopper gets the unit back from shared
        Order again = reserve(sale, "ak-again", "app-akulaku", null);
        assertThat(sale.pools().ofShard(again.shard()).shared()).isTrue();
    }

    @Test
    void unitsMoveBetweenPoolsInOneTransactionOnceAndNeverMoreThanFree() {
        Sale sale = pocoSale(null);
        for (int i = 0; i < 15; i++) {
            reserve(sale, "ak-" + i, "app-akulaku", null);
        }
        var before = checkout.audit.everything();
        assertThatThrownBy(() -> moves.move(sale.saleId(), "akulaku", "lazada", 6, "move-key-0001"))
                .isInstanceOf(CheckoutException.Conflict.class).hasMessageContaining("5 free");
        assertThatThrownBy(() -> moves.move(sale.saleId(), "akulaku", "nowhere", 1, null))
                .isInstanceOf(CheckoutException.InvalidInput.class);
        assertThatThrownBy(() -> moves.move(sale.saleId(), "akulaku", "akulaku", 1, null))
                .isInstanceOf(CheckoutException.InvalidInput.class);
        assertThatThrownBy(() -> moves.move(sale.saleId(), "akulaku", "lazada", 0, null))
                .isInstanceOf(CheckoutException.InvalidInput.class);
        assertEquals(before, checkout.audit.everything(), "refused moves write nothing");

        SaleStore.Moved moved = moves.move(sale.saleId(), "mi", "akulaku", 30, "move-key-0002");
        SaleStore.Moved replay = moves.move(sale.saleId(), "mi", "akulaku", 30, "move-key-0002");

        assertThat(moved.replayed()).isFalse();
        assertThat(replay.replayed()).isTrue();
        assertThatThrownBy(() -> moves.move(sale.saleId(), "mi", "lazada", 3, "move-key-0002"))
                .isInstanceOf(CheckoutException.IdempotencyConflict.class);
        Map<String, PoolAudit.PoolCount> counted = pools.assertPoolsConserve(sale.saleId());
        assertEquals(10, counted.get("mi").loaded());
        assertEquals(50, counted.get("akulaku").loaded());
        assertEquals(35, counted.get("akulaku").shards());
        // a replay after the source ran dry is still the same move
        moves.move(sale.saleId(), "mi", "lazada", 10, "move-key-0003");
        assertThat(moves.move(sale.saleId(), "mi", "lazada", 10, "move-key-0003").replayed()).isTrue();
        assertEquals(50, pools.assertPoolsConserve(sale.saleId()).get("lazada").loaded());
    }

    @Test
    void movesRacingReservesKeepEveryPoolWhole() throws Exception {
        Sale sale = pocoSale(20L);
        List<Callable<Void>> work = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            String channel = List.of("lazada", "akulaku", "mi").get(i % 3);
            String customer = "racer-" + i;
            work.add(() -> {
                try {
                    reserve(sale, customer, "app-" + channel, null);
                } catch (CheckoutException.SoldOut | CheckoutException.Busy ignored) {
                    // the race may leave a shopper without a unit
                }
                return null;
            });
        }
        for (int i = 0; i < 10; i++) {
            String from = i % 2 == 0 ? "shared" : "lazada";
            String to = i % 2 == 0 ? "mi" : "akulaku";
            work.add(() -> {
                try {
                    moves.move(sale.saleId(), from, to, 2, null);
                } catch (CheckoutException.Conflict | CheckoutException.Busy ignored) {
                    // the source ran dry or kept changing
                }
                return null;
            });
        }
        runAll(work);
        pools.assertPoolsConserve(sale.saleId());
    }

    @Test
    void aRestockNamesItsPool() {
        Sale sale = pocoSale(null);
        assertThatThrownBy(() -> checkout.sales.restock(sale.saleId(), 5, null))
                .isInstanceOf(CheckoutException.InvalidInput.class).hasMessageContaining("name the pool");
        assertThatThrownBy(() -> checkout.sales.restock(sale.saleId(), 5, null, "nowhere"))
                .isInstanceOf(CheckoutException.InvalidInput.class);
        Sale plain = checkout.openSale(5, 1, 1);
        assertThatThrownBy(() -> checkout.sales.restock(plain.saleId(), 5, null, "mi"))
                .isInstanceOf(CheckoutException.InvalidInput.class);

        checkout.sales.restock(sale.saleId(), 7, "restock-key-01", "mi");
        checkout.sales.restock(sale.saleId(), 7, "restock-key-01", "mi");

        Map<String, PoolAudit.PoolCount> counted = pools.assertPoolsConserve(sale.saleId());
        assertEquals(47, counted.get("mi").loaded());
        assertEquals(47, counted.get("mi").shards());
        assertEquals(107, checkout.sales.view(sale.saleId()).available());
        assertThat(checkout.sales.view(sale.saleId()).pools())
                .extracting(p -> p.name() + "=" + p.available())
                .containsExactly("lazada=40", "akulaku=20", "mi=47");
    }

    @Test
    void aReopenClearsThePoolsSoldOutMarksSoTheSecondWaveFindsTheUnitsThatCameBack() {
        Sale sale = pocoSale(null);
        // a pool marked sold out just now (as by the last shopper of the first wave) stands for the mark's lifetime
        checkout.saleStore.markPoolSoldOut(sale, sale.pools().pool("akulaku").orElseThrow(), checkout.clock.instant());
        assertThat(checkout.saleStore.find(sale.saleId()).orElseThrow().pools().anyMarked()).isTrue();

        java.time.Instant now = checkout.clock.instant();
        Sale reopened = checkout.sales.reopen(sale.saleId(), now, now.plus(Duration.ofHours(1)));

        assertThat(reopened.pools().anyMarked()).isFalse();
        assertThat(checkout.saleStore.find(sale.saleId()).orElseThrow().pools().anyMarked()).isFalse();
        assertEquals("akulaku", reserve(sale, "second-wave", "app-akulaku", null).signals().channel());
    }

    private static void runAll(List<Callable<Void>> tasks) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (Future<Void> future : pool.invokeAll(tasks)) {
                future.get();
            }
        }
    }
}
