package io.flashcheckout.admission;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.CheckoutSettings;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.Signals;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.checkout.SaleWarmup;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardPicker;
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
        advancer = new QueueAdvancer(checkout.saleStore, store);
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

    @Test
    void theLastUnitTakenTurnsEveryWaitingShopperToAllHeldAtTheNextTickAndSoldOutOnceHoldsCannotReturn() {
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

        checkout.clock.set(held.holdsEndBy());
        assertThat(room.standing(sale.saleId(), shopper("bob"), bobs).status()).isEqualTo(WaitingRoom.Status.SOLD_OUT);
    }
}
