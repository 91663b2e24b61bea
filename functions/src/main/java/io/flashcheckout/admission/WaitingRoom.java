package io.flashcheckout.admission;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.stock.SaleLookup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shopper's side of a sale's waiting room: joining (a signed ticket, nothing stored but a count) and asking where
 * one stands (one cached read of the sale, whose item carries the advancer's state).
 */
public final class WaitingRoom {
    /** How long an unpaid hold may still be settling after its end (the checkout's payment grace). */
    static final Duration PAYMENT_GRACE = Duration.ofSeconds(60);
    static final long MAX_POLL_SECONDS = 10;
    /** A shopper whose turn is this near asks every second. */
    static final long NEAR_TURN_SECONDS = 3;

    private final SaleLookup sales;
    private final WaitingRoomStore store;
    private final RoomSigner signer;
    private final Clock clock;

    /** {@code sales}: a cache of at most a second, like the sale page's. */
    public WaitingRoom(SaleLookup sales, WaitingRoomStore store, RoomSigner signer, Clock clock) {
        this.sales = sales;
        this.store = store;
        this.signer = signer;
        this.clock = clock;
    }

    public enum Status { WAITING, YOUR_TURN, ALL_HELD, SOLD_OUT, CLOSED }

    /** A join's answer: the ticket, and whether this join made it (false: the shopper's ticket came back to them). */
    public record Joined(String ticket, QueueTicket place, boolean created) {}

    /**
     * Where a shopper stands. {@code waitSeconds}: the honest estimate (null when the room cannot tell yet);
     * {@code admissionToken} and {@code admissionExpiresAt} only on YOUR_TURN; {@code holdsEndBy} (the latest a hold
     * taken before the shelf emptied can end), {@code holdsEnding} (unpaid units by when their holds end) and
     * {@code payingUnits} (units being paid for, back only if the payment fails) only on ALL_HELD, the last two once the
     * advancer has counted the holds; {@code retryAfterSeconds}: when to ask again (null: no need).
     */
    public record Standing(Status status, long rank, long servingRank, Long waitSeconds, String admissionToken,
                           Instant admissionExpiresAt, Instant holdsEndBy, List<HeldUnits.Ending> holdsEnding,
                           Long payingUnits, Long retryAfterSeconds) {}

    /**
     * Joins the sale's queue. With {@code presentedTicket} (the shopper's own, valid) the same ticket comes back and
     * nothing is counted; without one, a pre-queue join gets the same rank as any earlier one (a keyed hash) and a join
     * after opening the next place in line.
     */
    public Joined join(String saleId, Requester shopper, String presentedTicket) {
        Sale sale = queuedSale(saleId);
        Instant now = clock.instant();
        if (presentedTicket != null) {
            QueueTicket place = signer.readTicket(presentedTicket, saleId, shopper.customerId(), now);
            return new Joined(presentedTicket, place, false);
        }
        long rank = QueueLine.rankAt(sale, now, signer.rankHash(saleId, shopper.customerId()));
        QueueTicket place = new QueueTicket(saleId, shopper.customerId(), rank);
        // counted before the ticket is handed out: a crash in between over-counts, which only slows the room down
        store.countJoin(saleId, QueueLine.bucket(rank), ThreadLocalRandom.current().nextInt(WaitingRoomStore.JOIN_SHARDS));
        return new Joined(signer.ticket(place, sale.closesAt()), place, true);
    }

    /** Where the ticket's holder stands now. */
    public Standing standing(String saleId, Requester shopper, String ticket) {
        Sale sale = queuedSale(saleId);
        Instant now = clock.instant();
        QueueTicket place = signer.readTicket(ticket, saleId, shopper.customerId(), now);
        RoomState room = sale.room() == null ? RoomState.before(now, 1) : sale.room();
        long rank = place.rank();
        if (!now.isBefore(sale.closesAt())) {
            return new Standing(Status.CLOSED, rank, room.servingRank(), null, null, null, null, null, null, null);
        }
        if (room.soldOut()) {
            return new Standing(Status.SOLD_OUT, rank, room.servingRank(), null, null, null, null, null, null, null);
        }
        if (room.shelfEmpty() || sale.soldOutAt() != null && sale.soldOutStockLoaded() == sale.stockLoaded()) {
            Instant emptySince = room.emptySince() != null ? room.emptySince() : sale.soldOutAt();
            Instant holdsEndBy = emptySince == null ? null : emptySince.plus(sale.hold()).plus(PAYMENT_GRACE);
            long untilEnd = holdsEndBy == null ? MAX_POLL_SECONDS : Duration.between(now, holdsEndBy).toSeconds();
            HeldUnits held = room.shelfEmpty() ? room.held() : null;
            return new Standing(Status.ALL_HELD, rank, room.servingRank(), null, null, null, holdsEndBy,
                    held == null ? null : held.ending(), held == null ? null : held.paying(),
                    Math.max(1, Math.min(MAX_POLL_SECONDS, untilEnd)));
        }
        if (rank < room.servingRank()) {
            Instant expires = now.plus(sale.admission().admissionWindow());
            return new Standing(Status.YOUR_TURN, rank, room.servingRank(), 0L,
                    signer.admission(saleId, shopper.customerId(), expires), expires, null, null, null, null);
        }
        Long wait = waitSeconds(sale, room, rank, now);
        return new Standing(Status.WAITING, rank, room.servingRank(), wait, null, null, null, null, null, pollAfter(wait));
    }

    /** Before opening: until the opening plus the place's share of the line; after: from the watermark's speed. */
    private static Long waitSeconds(Sale sale, RoomState room, long rank, Instant now) {
        Long inLine = room.secondsUntil(rank);
        if (now.isBefore(sale.opensAt())) {
            long untilOpening = Duration.between(now, sale.opensAt()).toSeconds();
            return inLine == null ? null : untilOpening + inLine;
        }
        return inLine;
    }

    /**
     * Brings the shopper back at their estimated turn: within {@link #NEAR_TURN_SECONDS} of it every second (the
     * estimate is in whole seconds and the watermark's pace may change, so the last steps are short), up to
     * {@link #MAX_POLL_SECONDS} away at the estimate itself (rounded up: just after the turn), farther every
     * {@link #MAX_POLL_SECONDS} so an empty shelf is seen within that (the figure the rehearsal measures). Shoppers
     * thus come back in the order of their ranks, about one poll per 10 s of wait plus a few at the end.
     */
    static long pollAfter(Long waitSeconds) {
        if (waitSeconds == null) {
            return MAX_POLL_SECONDS;
        }
        if (waitSeconds <= NEAR_TURN_SECONDS) {
            return 1;
        }
        return Math.min(MAX_POLL_SECONDS, waitSeconds);
    }

    private Sale queuedSale(String saleId) {
        Sale sale = sales.get(saleId);
        if (!sale.queued()) {
            throw new CheckoutException.NotFound("sale " + saleId + " has no waiting room: reserve directly");
        }
        return sale;
    }
}
