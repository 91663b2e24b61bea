package io.flashcheckout.checkout;

import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.TableAudit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Many shoppers, few units: the stock lock is DynamoDB's conditional writes and nothing else. */
class ReserveRaceTest {
    private static final int THREADS = 64;
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null, CheckoutSettings.defaults());
    }

    @Test
    void twoThousandShoppersRaceForFiveHundredUnitsOverEightShards() throws Exception {
        Sale sale = checkout.openSale(500, 1, 8);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Callable<Void>> shoppers = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String customer = "shopper-" + i;
            shoppers.add(() -> {
                try {
                    checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer), 1, UUID.randomUUID().toString());
                    answers.merge("reserved", 1, Integer::sum);
                } catch (CheckoutException e) {
                    answers.merge(e.slug(), 1, Integer::sum);
                }
                return null;
            });
        }
        long started = System.nanoTime();
        runAll(shoppers);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertEquals(Map.of("reserved", 500, "sold-out", 1_500), answers);
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(500, table.orders());
        assertEquals(500, table.units("RESERVED"));
        assertEquals(0, table.shardTotal());

        double reservesPerSecond = 2_000 / seconds;
        double updatesPerSecond = plainConditionalUpdatesPerSecond(2_000);
        System.out.printf("race: 2000 shoppers (500 reserved, 1500 sold out) in %.2f s = %.0f requests/s, "
                        + "%.0f reservations/s; plain single-item conditional update, same threads, same run: %.0f/s; "
                        + "ratio requests/updates = %.2f%n",
                seconds, reservesPerSecond, 500 / seconds, updatesPerSecond, reservesPerSecond / updatesPerSecond);
    }

    @Test
    void theSameKeyRetriedConcurrentlyMakesOneOrder() throws Exception {
        Sale sale = checkout.openSale(100, 2, 4);
        String key = UUID.randomUUID().toString();
        Set<String> orderIds = ConcurrentHashMap.newKeySet();
        AtomicInteger fresh = new AtomicInteger();
        List<Callable<Void>> retries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            retries.add(() -> {
                Reservation r = checkout.reserve.reserve(sale.saleId(), Requester.shopper("retrier"), 2, key);
                orderIds.add(r.order().orderId());
                if (!r.replayed()) {
                    fresh.incrementAndGet();
                }
                return null;
            });
        }
        runAll(retries);

        assertEquals(1, orderIds.size());
        assertEquals(1, fresh.get(), "exactly one request made the order, the others found it");
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(1, table.orders());
        assertEquals(98, table.shardTotal());
    }

    @Test
    void aLimitOfOneHoldsAgainstFiftyParallelKeys() throws Exception {
        Sale sale = checkout.openSale(1_000, 1, 8);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Callable<Void>> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(() -> {
                try {
                    checkout.reserve.reserve(sale.saleId(), Requester.shopper("scalper"), 1, UUID.randomUUID().toString());
                    answers.merge("reserved", 1, Integer::sum);
                } catch (CheckoutException e) {
                    answers.merge(e.slug(), 1, Integer::sum);
                }
                return null;
            });
        }
        runAll(requests);

        assertEquals(Map.of("reserved", 1, "limit-reached", 49), answers);
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(999, table.shardTotal());
        assertEquals(1L, table.countedByCustomer().get("scalper"));
    }

    @Test
    void theSameKeyForAnotherRequestIsAConflictAndTakesNothing() {
        Sale sale = checkout.openSale(10, 3, 2);
        Requester shopper = Requester.shopper("alice");
        String key = UUID.randomUUID().toString();
        Reservation first = checkout.reserve.reserve(sale.saleId(), shopper, 1, key);

        assertThrows(CheckoutException.IdempotencyConflict.class,
                () -> checkout.reserve.reserve(sale.saleId(), shopper, 2, key));
        Reservation again = checkout.reserve.reserve(sale.saleId(), shopper, 1, key);

        assertEquals(first.order(), again.order());
        assertThat(again.replayed()).isTrue();
        assertEquals(9, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void anotherShopperWithTheSameKeyGetsTheirOwnOrder() {
        Sale sale = checkout.openSale(10, 1, 2);
        String key = "shared-key-" + UUID.randomUUID();
        Order alice = checkout.reserve.reserve(sale.saleId(), Requester.shopper("alice"), 1, key).order();
        Order bob = checkout.reserve.reserve(sale.saleId(), Requester.shopper("bob"), 1, key).order();

        assertThat(alice.orderId()).isNotEqualTo(bob.orderId());
        assertEquals(8, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void soldOutIsAnsweredOnlyWhenEveryShardIsEmptyThenFromTheMark() {
        Sale sale = checkout.openSale(3, 1, 3);
        Set<Integer> shardsUsed = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            shardsUsed.add(checkout.reserve.reserve(sale.saleId(), Requester.shopper("s" + i), 1, UUID.randomUUID().toString())
                    .order().shard());
        }
        assertEquals(Set.of(0, 1, 2), shardsUsed, "each reserve moved on to a shard that still had a unit");

        assertThrows(CheckoutException.SoldOut.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("late"), 1, UUID.randomUUID().toString()));
        Sale marked = checkout.saleStore.find(sale.saleId()).orElseThrow();
        assertThat(marked.markedSoldOut(checkout.clock.instant(), Duration.ofSeconds(5))).isTrue();

        // with the mark standing, a shopper is answered without touching the shards: break a shard to prove it
        checkout.dynamo.updateItem(b -> b.tableName(checkout.tables.sales())
                .key(Map.of("pk", AttributeValue.fromS("STOCK#" + sale.saleId() + "#0")))
                .updateExpression("SET available = :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        assertThrows(CheckoutException.SoldOut.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("later"), 1, UUID.randomUUID().toString()));
        // the mark ages out and the shards are probed again
        checkout.clock.advance(Duration.ofSeconds(6));
        checkout.reserve.reserve(sale.saleId(), Requester.shopper("later"), 1, UUID.randomUUID().toString());
    }

    @Test
    void aReplayIsAnsweredEvenAfterSellOut() {
        Sale sale = checkout.openSale(1, 1, 1);
        String key = UUID.randomUUID().toString();
        Order first = checkout.reserve.reserve(sale.saleId(), Requester.shopper("early"), 1, key).order();
        assertThrows(CheckoutException.SoldOut.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("late"), 1, UUID.randomUUID().toString()));

        Reservation replay = checkout.reserve.reserve(sale.saleId(), Requester.shopper("early"), 1, key);

        assertEquals(first, replay.order());
        assertThat(replay.replayed()).isTrue();
    }

    @Test
    void aMultiUnitOrderTakesFromSeveralShardsWhenNoneHoldsEnough() {
        Sale sale = checkout.openSale(2, 2, 2);
        Order pair = checkout.reserve.reserve(sale.saleId(), Requester.shopper("pair"), 2, UUID.randomUUID().toString()).order();

        assertEquals(2, pair.quantity());
        assertEquals(0, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
        assertThrows(CheckoutException.SoldOut.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("single"), 1, UUID.randomUUID().toString()));
    }

    /**
     * Stock spread thinner than any request (one unit per shard for pairs, two per shard for triples): every order
     * takes from several shards, racing others for the same shards. Exactly the units that fit are sold, never more.
     */
    @ParameterizedTest(name = "{0} units over {1} shards, {2} shoppers asking {3} each")
    @CsvSource({"32, 32, 100, 2", "64, 32, 100, 3"})
    void shoppersRaceForUnitsSpreadThinnerThanTheyAsk(int stock, int shardCount, int shopperCount, int quantity)
            throws Exception {
        Sale sale = checkout.openSale(stock, quantity, shardCount);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger busy = new AtomicInteger();
        List<Callable<Void>> shoppers = new ArrayList<>();
        for (int i = 0; i < shopperCount; i++) {
            String customer = "thin-" + i;
            String key = UUID.randomUUID().toString();
            shoppers.add(() -> {
                // a client told `busy` sends the same request again with the same key, as the API asks
                for (int attempt = 0; ; attempt++) {
                    try {
                        checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer), quantity, key);
                        answers.merge("reserved", 1, Integer::sum);
                        return null;
                    } catch (CheckoutException.Busy e) {
                        busy.incrementAndGet();
                        if (attempt == 50) {
                            throw e;
                        }
                    } catch (CheckoutException e) {
                        answers.merge(e.slug(), 1, Integer::sum);
                        return null;
                    }
                }
            });
        }
        runAll(shoppers);

        int orders = stock / quantity;
        assertEquals(Map.of("reserved", orders, "sold-out", shopperCount - orders), answers);
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(orders, table.orders());
        assertEquals((long) orders * quantity, table.units("RESERVED"));
        assertEquals(stock % quantity, table.shardTotal());
        System.out.printf("thin race: %d x %d units over %d shards: %d orders, %d busy answers retried%n",
                shopperCount, quantity, shardCount, orders, busy.get());
    }

    private static double plainConditionalUpdatesPerSecond(int updates) throws Exception {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("BENCH#" + UUID.randomUUID()));
        checkout.dynamo.putItem(b -> b.tableName(checkout.tables.sales()).item(Map.of(
                "pk", key.get("pk"), "available", AttributeValue.fromN(Integer.toString(updates)))));
        List<Callable<Void>> calls = new ArrayList<>();
        for (int i = 0; i < updates; i++) {
            calls.add(() -> {
                try {
                    checkout.dynamo.updateItem(b -> b.tableName(checkout.tables.sales()).key(key)
                            .updateExpression("SET available = available - :one")
                            .conditionExpression("available >= :one")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                } catch (ConditionalCheckFailedException e) {
                    throw new AssertionError("the baseline item ran out early", e);
                }
                return null;
            });
        }
        long started = System.nanoTime();
        runAll(calls);
        return updates / ((System.nanoTime() - started) / 1e9);
    }

    static void runAll(List<Callable<Void>> tasks) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Void>> futures = pool.invokeAll(tasks);
            for (Future<Void> future : futures) {
                future.get();
            }
        }
    }
}
