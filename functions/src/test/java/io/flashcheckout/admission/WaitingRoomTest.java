package io.flashcheckout.admission;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.CheckoutSettings;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.Signals;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.checkout.SaleWarmup;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardPicker;
import io.flashcheckout.store.dynamodb.DynamoLiveHolds;
import io.flashcheckout.store.dynamodb.DynamoWaitingRoomStore;
import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.TableAudit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The waiting room against DynamoDB Local, with a clock the test moves: tickets, ranks, the advancer's pace, admission
 * tokens at the reserve step, and the shelf running empty.
 */
class WaitingRoomTest {
    private static final String KEY = "a-waiting-room-key-for-the-tests-0123456789";

    private Checkout checkout;
    private DynamoWaitingRoomStore store;
    private RoomSigner signer;
    private WaitingRoom room;
    private QueueAdvancer advancer;
    private ReserveService reserve;
    private SaleService sales;

    @BeforeEach
    void start() {
        checkout = Checkout.start(null);
        store = new DynamoWaitingRoomStore(checkout.dynamo, checkout.tables);
        signer = new RoomSigner(() -> KEY);
        SaleLookup uncached = new SaleLookup(checkout.saleStore, Duration.ZERO);
        room = new WaitingRoom(uncached, store, signer, checkout.clock);
        advancer = new QueueAdvancer(checkout.saleStore, store, new DynamoLiveHolds(checkout.dynamo, checkout.tables));
        sales = new SaleService(checkout.saleStore, uncached, checkout.clock, SaleWarmup.off(), store);
        reserve = new ReserveService(checkout.saleStore, checkout.orderStore, uncached, new ShardPicker(Duration.ofSeconds(1)),
                new CheckoutSettings(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(1)), checkout.metrics,
                checkout.clock, new AdmissionGate(signer, store));
    }

    private Sale queuedSale(long stock, Instant opensAt, int rate, int preQueueSeconds) {
        Sale sale = sales.create(new NewSale(Checkout.uniqueSaleId(), "PHONE-M3", "Poco M3", Money.of("19.99", "EUR"), stock, 1,
                opensAt, opensAt.plus(Duration.ofHours(2)), 60, 4, Admission.of("queue", rate, preQueueSeconds, 60))).sale();
        assertThat(store.rooms()).contains(sale.saleId());
        return sale;
    }

    private static Requester shopper(String id) {
        return Requester.shopper(id);
    }

    @Test
    void aPreQueueJoinGetsTheSameRankEveryTimeAndTheTicketItselfComesBackWithoutBeingCounted() {
        Instant opensAt = checkout.clock.instant().plusSeconds(120);
        Sale sale = queuedSale(10, opensAt, 10, 600);

        WaitingRoom.Joined first = room.join(sale.saleId(), shopper("ana"), null);
        checkout.clock.advance(Duration.ofSeconds(30));
        WaitingRoom.Joined again = room.join(sale.saleId(), shopper("ana"), null);
        WaitingRoom.Joined withTicket = room.join(sale.saleId(), shopper("ana"), first.ticket());

        assertThat(first.created()).isTrue();
        assertThat(again.place().rank()).isEqualTo(first.place().rank()).isBetween(0L, 600_000L - 1);
        assertThat(withTicket.created()).isFalse();
        assertThat(withTicket.ticket()).isEqualTo(first.ticket());
        long bucket = QueueLine.bucket(first.place().rank());
        assertThat(store.joins(sale.saleId(), Set.of(bucket)).get(bucket)).as("two joins without the ticket, none with it").isEqualTo(2);
    }

    @Test
    void preQueueArrivalsAreSpreadAtRandomAndLaterArrivalsRankInArrivalOrderBehindThem() {
        Instant opensAt = checkout.clock.instant().plusSeconds(60);
        Sale sale = queuedSale(10, opensAt, 10, 300);
        List<Long> early = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            early.add(room.join(sale.saleId(), shopper("early-" + i), null).place().rank());
        }
        checkout.clock.set(opensAt.plusMillis(10));
        List<Long> late = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            late.add(room.join(sale.saleId(), shopper("late-" + i), null).place().rank());
            checkout.clock.advance(Duration.ofMillis(250));
        }

        assertThat(early).allMatch(r -> r >= 0 && r < 300_000);
        assertThat(new HashSet<>(early)).as("distinct random places").hasSize(40);
        assertThat(early).as("not in arrival order").isNotEqualTo(early.stream().sorted().toList());
        assertThat(late).isSorted().allMatch(r -> r >= 300_000);
        assertThat(late.get(1) - late.get(0)).isEqualTo(250);
    }

    @Test
    void theAdvancerAdmitsAtTheRateFromTheJoinCounters() {
        Instant opensAt = checkout.clock.instant();
        Sale sale = queuedSale(1000, opensAt, 5, 0);
        List<Long> ranks = new ArrayList<>();
        checkout.clock.set(opensAt.plusMillis(50));
        for (int i = 0; i < 60; i++) { // 20 joins a second for three seconds
            ranks.add(room.join(sale.saleId(), shopper("s-" + i), null).place().rank());
            checkout.clock.advance(Duration.ofMillis(50));
        }
        Sale current = checkout.saleStore.find(sale.saleId()).orElseThrow();
        advancer.tick(current, checkout.clock.instant());
        for (int second = 1; second <= 6; second++) {
            checkout.clock.advance(Duration.ofSeconds(1));
            RoomState state = advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());
            long admitted = ranks.stream().filter(r -> r < state.servingRank()).count();
            assertThat(admitted).as("after %d s at 5 a second", second).isBetween(5L * second - 1, 5L * second + 1);
            assertThat(state.pace()).isEqualTo(1.0);
        }
    }

    @Test
    void retryAfterBringsTheShopperBackAtTheEstimatedTurnAndEveryFewSecondsWhenNear() {
        assertThat(WaitingRoom.pollAfter(null)).as("no estimate yet").isEqualTo(WaitingRoom.MAX_POLL_SECONDS);
        for (long near = 0; near <= WaitingRoom.NEAR_TURN_SECONDS; near++) {
            assertThat(WaitingRoom.pollAfter(near)).as("turn %d s away", near).isEqualTo(1);
        }
        for (long wait = WaitingRoom.NEAR_TURN_SECONDS + 1; wait <= WaitingRoom.MAX_POLL_SECONDS; wait++) {
            assertThat(WaitingRoom.pollAfter(wait)).as("turn %d s away", wait).isEqualTo(wait);
        }
        assertThat(WaitingRoom.pollAfter(WaitingRoom.MAX_POLL_SECONDS + 1)).isEqualTo(WaitingRoom.MAX_POLL_SECONDS);
        assertThat(WaitingRoom.pollAfter(3600L)).isEqualTo(WaitingRoom.MAX_POLL_SECONDS);
    }

    @Test
    void shoppersPollingAsRetryAfterSaysSeeTheirTurnWithinASecondOfItInRankOrder() {
        Instant opensAt = checkout.clock.instant();
        Sale sale = queuedSale(1000, opensAt, 5, 0);
        checkout.clock.set(opensAt.plusMillis(50));
        List<String> tickets = new ArrayList<>();
        List<Long> ranks = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // 20 joins a second for three seconds: 12 s of admissions at 5 a second
            WaitingRoom.Joined joined = room.join(sale.saleId(), shopper("s-" + i), null);
            tickets.add(joined.ticket());
            ranks.add(joined.place().rank());
            checkout.clock.advance(Duration.ofMillis(50));
        }
        Instant start = checkout.clock.instant();
        long[] nextPollMs = new long[60];
        long[] turnMs = new long[60];
        long[] seenMs = new long[60];
        int[] polls = new int[60];
        java.util.Arrays.fill(turnMs, -1);
        java.util.Arrays.fill(seenMs, -1);
        for (long t = 0; t <= 30_000; t += 500) { // the advancer ticks every 500 ms; the shoppers poll when told
            checkout.clock.set(start.plusMillis(t));
            RoomState state = tick(sale);
            for (int i = 0; i < 60; i++) {
                if (turnMs[i] < 0 && ranks.get(i) < state.servingRank()) {
                    turnMs[i] = t;
                }
                if (seenMs[i] >= 0 || nextPollMs[i] > t) {
                    continue;
                }
                WaitingRoom.Standing standing = room.standing(sale.saleId(), shopper("s-" + i), tickets.get(i));
                polls[i]++;
                if (standing.status() == WaitingRoom.Status.YOUR_TURN) {
                    seenMs[i] = t;
                } else {
                    assertThat(standing.status()).isEqualTo(WaitingRoom.Status.WAITING);
                    assertThat(standing.retryAfterSeconds()).isEqualTo(WaitingRoom.pollAfter(standing.waitSeconds()));
                    nextPollMs[i] = t + standing.retryAfterSeconds() * 1000;
                }
            }
        }
        for (int i = 0; i < 60; i++) {
            assertThat(seenMs[i]).as("shopper %d admitted", i).isNotNegative();
            assertThat(seenMs[i] - turnMs[i]).as("shopper %d: turn at %d ms, seen at %d ms", i, turnMs[i], seenMs[i])
                    .isBetween(0L, 1000L);
            // about one poll per 10 s of wait, and a few near the turn
            assertThat(polls[i]).as("polls of shopper %d, turn at %d ms", i, turnMs[i]).isLessThanOrEqualTo((int) (turnMs[i] / 10_000) + 5);
        }
        for (int i = 0; i < 60; i++) {
            for (int j = i + 1; j < 60; j++) {
                assertThat(seenMs[i]).as("shopper %d (earlier rank) saw the turn no later than a second after %d", i, j)
                        .isLessThanOrEqualTo(seenMs[j] + 1000);
            }
        }
    }

    @Test
    void busyAnswersSlowTheRoomDown() {
        Instant opensAt = checkout.clock.instant();
        Sale sale = queuedSale(1000, opensAt, 100, 0);
        advancer.tick(sale, checkout.clock.instant());
        checkout.clock.advance(Duration.ofSeconds(1));
        store.countBusy(sale.saleId(), checkout.clock.instant().getEpochSecond() - 1, 0);
        RoomState slowed = advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());
        assertThat(slowed.pace()).isLessThan(1.0);
        checkout.clock.advance(Duration.ofSeconds(1));
        RoomState recovering = advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());
        assertThat(recovering.pace()).isGreaterThan(slowed.pace());
    }

    @Test
    void anAdmittedShopperReservesWithTheTokenAndEveryOtherTokenIsRefusedWithNothingWritten() {
        Instant opensAt = checkout.clock.instant();
        Sale sale = queuedSale(5, opensAt, 10, 0);
        Sale other = queuedSale(5, opensAt, 10, 0);
        checkout.clock.advance(Duration.ofMillis(100));
        String ticket = room.join(sale.saleId(), shopper("ana"), null).ticket();
        assertThat(room.standing(sale.saleId(), shopper("ana"), ticket).status()).isEqualTo(WaitingRoom.Status.WAITING);
        advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());
        checkout.clock.advance(Duration.ofSeconds(1));
        advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());

        WaitingRoom.Standing turn = room.standing(sale.saleId(), shopper("ana"), ticket);
        assertThat(turn.status()).isEqualTo(WaitingRoom.Status.YOUR_TURN);
        String token = turn.admissionToken();

        TableAudit.Snapshot before = checkout.audit.snapshot(sale.saleId());
        String otherSaleToken = signer.admission(other.saleId(), "ana", checkout.clock.instant().plusSeconds(60));
        String bobsToken = signer.admission(sale.saleId(), "bob", checkout.clock.instant().plusSeconds(60));
        String forged = new RoomSigner(() -> "another-key-that-is-long-enough-0123456789")
                .admission(sale.saleId(), "ana", checkout.clock.instant().plusSeconds(60));
        String expired = signer.admission(sale.saleId(), "ana", checkout.clock.instant().minusSeconds(1));
        String[] refused = {null, "", "not.a.token", forged, expired, bobsToken, otherSaleToken, ticket, "x".repeat(5000)};
        for (int i = 0; i < refused.length; i++) {
            String bad = refused[i];
            String key = "key-refused-" + i;
            assertThatThrownBy(() -> reserve.reserve(sale.saleId(), shopper("ana"), 1, key, bad, Signals.NONE))
                    .as("token %d", i).isInstanceOf(CheckoutException.AdmissionRequired.class)
                    .hasMessageContaining("/sales/" + sale.saleId() + "/queue");
        }
        assertThat(checkout.audit.snapshot(sale.saleId())).isEqualTo(before);

        assertThat(reserve.reserve(sale.saleId(), shopper("ana"), 1, "key-ana-1", token, Signals.NONE).replayed()).isFalse();
        // the same request once the token has expired: the order it made, not a refusal
        checkout.clock.advance(Duration.ofMinutes(5));
        assertThat(reserve.reserve(sale.saleId(), shopper("ana"), 1, "key-ana-1", token, Signals.NONE).replayed()).isTrue();
    }

    @Test
    void ticketsOfAnotherCustomerOrSaleOrKeyAreRefused() {
        Instant opensAt = checkout.clock.instant();
        Sale sale = queuedSale(5, opensAt, 10, 0);
        Sale other = queuedSale(5, opensAt, 10, 0);
        checkout.clock.advance(Duration.ofMillis(100));
        String anas = room.join(sale.saleId(), shopper("ana"), null).ticket();
        String elsewhere = room.join(other.saleId(), shopper("ana"), null).ticket();
        String admission = signer.admission(sale.saleId(), "ana", checkout.clock.instant().plusSeconds(60));
        String forged = new RoomSigner(() -> "another-key-that-is-long-enough-0123456789")
                .ticket(new QueueTicket(sale.saleId(), "ana", 0), sale.closesAt());
        for (String bad : List.of(elsewhere, admission, forged, "a.b.c")) {
            assertThatThrownBy(() -> room.standing(sale.saleId(), shopper("ana"), bad)).isInstanceOf(CheckoutException.InvalidTicket.class);
        }
        assertThatThrownBy(() -> room.standing(sale.saleId(), shopper("bob"), anas)).isInstanceOf(CheckoutException.InvalidTicket.class);
        assertThatThrownBy(() -> room.join(sale.saleId(), shopper("bob"), anas)).isInstanceOf(CheckoutException.InvalidTicket.class);
        Sale plain = checkout.openSale(5, 1, 1);
        assertThatThrownBy(() -> room.join(plain.saleId(), shopper("ana"), null)).isInstanceOf(CheckoutException.NotFound.class);
    }

    @Test
    void joiningBeforeThePreQueueOrAfterClosingIsRefused() {
        Instant opensAt = checkout.clock.instant().plus(Duration.ofHours(1));
        Sale sale = queuedSale(5, opensAt, 10, 60);
        assertThatThrownBy(() -> room.join(sale.saleId(), shopper("ana"), null)).isInstanceOf(CheckoutException.SaleNotOpen.class);
        checkout.clock.set(sale.closesAt());
        assertThatThrownBy(() -> room.join(sale.saleId(), shopper("ana"), null)).isInstanceOf(CheckoutException.SaleNotOpen.class);
    }

    /** A shopper admitted by a token minted here (the room's own admission is tested above). */
    private Order reserveAdmitted(Sale sale, String customer) {
        String token = signer.admission(sale.saleId(), customer, checkout.clock.instant().plusSeconds(60));
        return reserve.reserve(sale.saleId(), shopper(customer), 1, "key-reserve-" + customer, token, Signals.NONE).order();
    }

    /** {@code customer} joins a moment after the opening and the advancer ticks once: their ticket. */
    private String joinedAndTicked(Sale sale, String customer) {
        checkout.clock.advance(Duration.ofMillis(100));
        String ticket = room.join(sale.saleId(), shopper(customer), null).ticket();
        tick(sale);
        return ticket;
    }

    private RoomState tick(Sale sale) {
        return advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());
    }

    private Order startPayment(Sale sale, Order reserved) {
        Order paying = reserved.startPayment(checkout.clock.instant(), "fp_" + reserved.customerId(), null);
        assertThat(checkout.orderStore.startPayment(reserved, paying, checkout.clock.instant(), 3, sale.perCustomerLimit())).isTrue();
        return paying;
    }

    private void paid(Order paying) {
        assertThat(checkout.orderStore.transition(paying, paying.paid("ch_" + paying.customerId(), checkout.clock.instant()),
                checkout.clock.instant())).isTrue();
    }

    @Test
    void anEmptyShelfWithLiveHoldsIsAllHeldWithWhenTheyEndAndSoldOutOnceEveryHoldIsPaid() {
        Sale sale = queuedSale(3, checkout.clock.instant(), 10, 0);
        String dans = joinedAndTicked(sale, "dan");
        Order ana = reserveAdmitted(sale, "ana");
        Order bob = reserveAdmitted(sale, "bob");
        Order carl = reserveAdmitted(sale, "carl");
        Order bobPaying = startPayment(sale, bob);

        checkout.clock.advance(Duration.ofMillis(500));
        Instant emptied = checkout.clock.instant();
        assertThat(tick(sale).held()).as("the tick that first sees the shelf empty counts nothing").isNull();
        assertThat(room.standing(sale.saleId(), shopper("dan"), dans).status()).isEqualTo(WaitingRoom.Status.ALL_HELD);

        checkout.clock.advance(Duration.ofMillis(500));
        RoomState counted = tick(sale);
        assertThat(counted.soldOutAt()).isNull();
        WaitingRoom.Standing held = room.standing(sale.saleId(), shopper("dan"), dans);
        assertThat(held.status()).isEqualTo(WaitingRoom.Status.ALL_HELD);
        assertThat(held.holdsEndBy()).isEqualTo(emptied.plus(sale.hold()).plus(WaitingRoom.PAYMENT_GRACE));
        Instant endsBy = ana.holdExpiresAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        assertThat(held.holdsEnding()).containsExactly(new HeldUnits.Ending(endsBy, 2));
        assertThat(held.payingUnits()).isEqualTo(1);
        assertThat(held.retryAfterSeconds()).isBetween(1L, WaitingRoom.MAX_POLL_SECONDS);

        paid(bobPaying);
        paid(startPayment(sale, ana));
        paid(startPayment(sale, carl));
        checkout.clock.advance(Duration.ofMillis(500));
        assertThat(tick(sale).soldOutAt()).as("no live hold, but the index may still lag the last order").isNull();
        assertThat(room.standing(sale.saleId(), shopper("dan"), dans).status()).isEqualTo(WaitingRoom.Status.ALL_HELD);

        checkout.clock.set(emptied.plus(QueueAdvancer.INDEX_LAG));
        RoomState soldOut = tick(sale);
        assertThat(soldOut.soldOutAt()).isEqualTo(checkout.clock.instant());
        WaitingRoom.Standing gone = room.standing(sale.saleId(), shopper("dan"), dans);
        assertThat(gone.status()).isEqualTo(WaitingRoom.Status.SOLD_OUT);
        assertThat(gone.retryAfterSeconds()).isNull();
        checkout.clock.advance(Duration.ofMillis(500));
        assertThat(tick(sale).soldOutAt()).as("decided once, kept").isEqualTo(soldOut.soldOutAt());
    }

    @Test
    void aHoldThatExpiresBringsItsUnitBackAndTheRoomResumesInsteadOfSellingOut() {
        Sale sale = queuedSale(1, checkout.clock.instant(), 10, 0);
        String dans = joinedAndTicked(sale, "dan");
        Order ana = reserveAdmitted(sale, "ana");
        checkout.clock.advance(Duration.ofMillis(500));
        tick(sale);
        checkout.clock.advance(Duration.ofSeconds(3));
        assertThat(tick(sale).held().live()).isEqualTo(1);
        assertThat(room.standing(sale.saleId(), shopper("dan"), dans).status()).isEqualTo(WaitingRoom.Status.ALL_HELD);

        checkout.clock.set(ana.holdExpiresAt().plusMillis(1));
        assertThat(checkout.release.expire(ana.orderId()).expired()).isTrue();
        RoomState back = tick(sale);
        assertThat(back.available()).isEqualTo(1);
        assertThat(back.soldOutAt()).isNull();
        assertThat(back.held()).isNull();
        checkout.clock.advance(Duration.ofSeconds(1));
        tick(sale);
        assertThat(room.standing(sale.saleId(), shopper("dan"), dans).status()).isEqualTo(WaitingRoom.Status.YOUR_TURN);
    }

    @Test
    void holdsEndingPastTheTenthMinuteShareTheLastEntry() {
        HeldUnits.Tally tally = new HeldUnits.Tally();
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        for (int minute = 0; minute < 12; minute++) {
            tally.reserved(2, start.plus(Duration.ofMinutes(minute)).plusSeconds(30));
        }
        tally.reserved(1, start.plus(Duration.ofMinutes(3))); // on the minute: ends by that minute
        tally.paying(4);
        HeldUnits held = tally.held();
        assertThat(held.ending()).hasSize(HeldUnits.MAX_ENTRIES);
        assertThat(held.ending().get(0)).isEqualTo(new HeldUnits.Ending(start.plus(Duration.ofMinutes(1)), 2));
        assertThat(held.ending().get(2)).isEqualTo(new HeldUnits.Ending(start.plus(Duration.ofMinutes(3)), 3));
        assertThat(held.ending().getLast()).isEqualTo(new HeldUnits.Ending(start.plus(Duration.ofMinutes(12)), 6));
        assertThat(held.reserved()).isEqualTo(25);
        assertThat(held.live()).isEqualTo(29);
    }

    @Test
    void theLastUnitTakenTurnsEveryWaitingShopperToAllHeldAtTheNextTickAndTheRoomNeverGuessesSoldOut() {
        Instant opensAt = checkout.clock.instant();
        Sale sale = queuedSale(1, opensAt, 1, 0);
        checkout.clock.advance(Duration.ofMillis(100));
        String anas = room.join(sale.saleId(), shopper("ana"), null).ticket();
        checkout.clock.advance(Duration.ofMillis(600));
        String bobs = room.join(sale.saleId(), shopper("bob"), null).ticket();
        advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());
        checkout.clock.advance(Duration.ofSeconds(1));
        advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());
        String token = room.standing(sale.saleId(), shopper("ana"), anas).admissionToken();
        assertThat(room.standing(sale.saleId(), shopper("bob"), bobs).status()).isEqualTo(WaitingRoom.Status.WAITING);
        reserve.reserve(sale.saleId(), shopper("ana"), 1, "key-ana-1", token, Signals.NONE);

        checkout.clock.advance(Duration.ofMillis(500));
        advancer.tick(checkout.saleStore.find(sale.saleId()).orElseThrow(), checkout.clock.instant());
        WaitingRoom.Standing held = room.standing(sale.saleId(), shopper("bob"), bobs);
        assertThat(held.status()).isEqualTo(WaitingRoom.Status.ALL_HELD);
        assertThat(held.holdsEndBy()).isEqualTo(checkout.clock.instant().plus(sale.hold()).plus(WaitingRoom.PAYMENT_GRACE));
        assertThat(held.retryAfterSeconds()).isBetween(1L, WaitingRoom.MAX_POLL_SECONDS);

        // past the latest a hold could end, but no tick has counted the holds: still held, never a guessed SOLD_OUT
        checkout.clock.set(held.holdsEndBy());
        assertThat(room.standing(sale.saleId(), shopper("bob"), bobs).status()).isEqualTo(WaitingRoom.Status.ALL_HELD);
    }
}
