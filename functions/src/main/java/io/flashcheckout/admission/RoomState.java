package io.flashcheckout.admission;

import java.time.Duration;
import java.time.Instant;

/**
 * What the advancer last wrote about a waiting room, kept on the sale's own item so that a poll costs one (cached)
 * read of the sale.
 *
 * @param servingRank   ranks below this are admitted (the "now serving" watermark, in rank units: see {@link QueueLine})
 * @param rankPerSecond how fast the watermark moves now, from the rate, the pace and the counted joins ahead
 * @param pace          the share of the rate admitted now: 1, less while the checkout answers {@code busy}
 * @param available     units on the shelf (every stock shard, read strongly) at {@code tickAt}
 * @param emptySince    when the advancer first saw the shelf empty; null while units are left
 * @param tickAt        when this was written
 * @param held          while the shelf is empty: the live holds counted this tick (null: not counted yet)
 * @param soldOutAt     when the advancer found the shelf empty and no live hold: the stock is gone for good
 */
public record RoomState(long servingRank, double rankPerSecond, double pace, long available, Instant emptySince,
                        Instant tickAt, HeldUnits held, Instant soldOutAt) {

    public static RoomState before(Instant now, long available) {
        return new RoomState(0, 0, 1.0, available, available == 0 ? now : null, now, null, null);
    }

    /** Seconds until {@code rank} is admitted at the current speed; null when the room cannot tell (nobody counted yet). */
    public Long secondsUntil(long rank) {
        if (rank < servingRank) {
            return 0L;
        }
        if (rankPerSecond <= 0) {
            return null;
        }
        return (long) Math.ceil((rank - servingRank) / rankPerSecond);
    }

    /** Every unit was in a cart or paid when last looked. */
    public boolean shelfEmpty() {
        return available <= 0;
    }

    /** The shelf is empty and no unit can come back (until a restock). */
    public boolean soldOut() {
        return shelfEmpty() && soldOutAt != null;
    }

    /** The latest moment a hold taken before the shelf emptied can end (unpaid holds come back then). */
    public Instant holdsEndBy(Duration hold, Duration paymentGrace) {
        return emptySince == null ? null : emptySince.plus(hold).plus(paymentGrace);
    }
}
