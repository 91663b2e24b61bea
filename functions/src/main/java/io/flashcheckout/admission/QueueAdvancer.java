package io.flashcheckout.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.SaleStore;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves each waiting room's "now serving" watermark. Each tick: the shelf (every stock shard, read strongly), the busy
 * answers of the last second, then the watermark moves on by {@code ratePerSecond x pace x seconds since the last tick}
 * shoppers, counted from the join counters of the rank seconds it passes (a second nobody joined costs nothing) and
 * never past the newest arrival. While the shelf is empty it stands still: units that come back go to the next in line,
 * not to everyone admitted meanwhile. The pace halves in a second with busy answers (down to a tenth) and recovers by a
 * tenth per quiet second. One advancer runs (the template gives its function a concurrency of one).
 */
public final class QueueAdvancer {
    private static final Logger LOG = LoggerFactory.getLogger(QueueAdvancer.class);
    /** Rank seconds read ahead of the watermark per tick: 24 x 16 counters = 4 batch reads. */
    static final int LOOKAHEAD_BUCKETS = 24;
    /** Read windows one tick may pass: 40 x 24 s of ranks, more than a 15-minute pre-queue. */
    static final int MAX_WINDOWS_PER_TICK = 40;
    static final double MIN_PACE = 0.1;
    /** A room is dropped from the list this long after its sale closed. */
    static final Duration KEEP_AFTER_CLOSE = Duration.ofHours(1);
    /** The most one tick may make up for (a paused advancer does not flood the checkout when it resumes). */
    static final Duration MAX_TICK = Duration.ofSeconds(2);

    /**
     * How long the shelf must have looked empty before no live hold in the index means sold out: the order that took
     * the last unit was written before the shelf read empty, and the index has it well within this.
     */
    static final Duration INDEX_LAG = Duration.ofSeconds(2);

    private final SaleStore sales;
    private final WaitingRoomStore store;
    private final LiveHolds holds;
    /** Counts of rank seconds no join can land in any more, per sale and bucket: read once. */
    private final Cache<String, Long> closedBuckets = Caffeine.newBuilder().maximumSize(200_000).build();

    public QueueAdvancer(SaleStore sales, WaitingRoomStore store, LiveHolds holds) {
        this.sales = sales;
        this.store = store;
        this.holds = holds;
    }

    /** One tick of every room on the list; a room that fails is logged and left for the next tick. */
    public int tickAll(Instant now) {
        int ticked = 0;
        for (String saleId : store.rooms()) {
            try {
                Sale sale = sales.find(saleId).orElse(null);
                if (sale == null || !sale.queued() || now.isAfter(sale.closesAt().plus(KEEP_AFTER_CLOSE))) {
                    store.close(saleId);
                    continue;
                }
                if (now.isBefore(sale.admission().joinsFrom(sale.opensAt())) || !now.isBefore(sale.closesAt())) {
                    continue;
                }
                tick(sale, now);
                ticked++;
            } catch (RuntimeException e) {
                LOG.warn("the waiting room of sale {} did not move this tick: {}", saleId, e.toString());
            }
        }
        return ticked;
    }

    /** Moves one room and writes its state onto the sale. */
    public RoomState tick(Sale sale, Instant now) {
        RoomState last = sale.room();
        // The index first, the shelf after: the index lags the orders, so "no live hold" only counts if the shelf was
        // still empty when read after it and had been empty for INDEX_LAG already (the order that took the last unit
        // was written before the shelf read empty, so by then it is in the index). Counted only while the shelf
        // looked empty last tick: the tick that first sees it empty leaves the count to the next.
        boolean wasEmpty = last != null && last.emptySince() != null;
        HeldUnits held = wasEmpty ? holds.of(sale.saleId()) : null;
        long available = Arrays.stream(sales.shardStock(sale)).sum();
        Instant emptySince = available > 0 ? null : wasEmpty ? last.emptySince() : now;
        if (available > 0) {
            held = null; // units came back (a cancel, an expiry, a restock): the room resumes
        }
        Instant soldOutAt = null;
        if (held != null && held.live() == 0 && !now.isBefore(emptySince.plus(INDEX_LAG))) {
            soldOutAt = last.soldOutAt() != null ? last.soldOutAt() : now;
        }
        double pace = pace(sale, last, now);
        long serving = last == null ? 0 : last.servingRank();
        long frontier = QueueLine.frontier(sale, now);
        double rate = sale.admission().ratePerSecond() * pace;
        Map<Long, Long> ahead = countsAhead(sale, serving, frontier, now);
        if (!now.isBefore(sale.opensAt()) && available > 0) {
            double seconds = last == null ? 0 : Math.min(MAX_TICK.toMillis(), Math.max(0, Duration.between(last.tickAt(), now).toMillis())) / 1000.0;
            double budget = rate * seconds;
            // rank seconds nobody joined cost nothing: read on until the budget is spent (a sparse pre-queue is
            // crossed in one tick, each of its counters read once: they are closed once the sale opens)
            for (int window = 0; window < MAX_WINDOWS_PER_TICK && budget > 0 && serving < frontier; window++) {
                Move move = moved(serving, budget, ahead, frontier);
                serving = move.rank();
                budget = move.budgetLeft();
                ahead = countsAhead(sale, serving, frontier, now);
            }
        }
        RoomState next = new RoomState(serving, rankSpeed(rate, ahead, frontier), pace, available, emptySince, now,
                held, soldOutAt);
        store.advance(sale.saleId(), next);
        return next;
    }

    /** Where the watermark stands after a move, and the shoppers it may still let in (past the counts read). */
    record Move(long rank, double budgetLeft) {}

    /** Where the watermark stands after letting {@code shoppers} more in; joins are taken as even within a rank second. */
    static Move moved(long serving, double shoppers, Map<Long, Long> ahead, long frontier) {
        double budget = shoppers;
        long rank = serving;
        while (budget > 0 && rank < frontier) {
            long bucket = QueueLine.bucket(rank);
            Long joins = ahead.get(bucket);
            if (joins == null) {
                break; // past what was read this tick: the next tick goes on from here
            }
            long start = bucket * QueueLine.BUCKET_MS;
            // the newest second's joins so far are spread over the part of it that has passed
            long end = Math.min(start + QueueLine.BUCKET_MS, frontier);
            double left = joins * (end - rank) / (double) (end - start);
            if (left <= budget) {
                budget -= left;
                rank = end;
            } else {
                rank += (long) Math.ceil(budget / joins * (end - start));
                budget = 0;
            }
        }
        return new Move(Math.min(rank, frontier), budget);
    }

    /** Ranks a second the watermark moves at this rate, from the density of joins read ahead (none: as fast as arrivals). */
    static double rankSpeed(double rate, Map<Long, Long> ahead, long frontier) {
        long joins = ahead.values().stream().mapToLong(Long::longValue).sum();
        if (ahead.isEmpty() || joins == 0) {
            return QueueLine.BUCKET_MS;
        }
        double perRank = joins / (double) (ahead.size() * QueueLine.BUCKET_MS);
        return rate / perRank;
    }

    private double pace(Sale sale, RoomState last, Instant now) {
        double pace = last == null ? 1.0 : last.pace();
        long busy = store.busyAnswers(sale.saleId(), now.getEpochSecond() - 1);
        return busy > 0 ? Math.max(MIN_PACE, pace / 2) : Math.min(1.0, pace + 0.1);
    }

    /** Joins counted in the rank seconds from the watermark's on, up to the newest arrival; closed ones from the cache. */
    private Map<Long, Long> countsAhead(Sale sale, long serving, long frontier, Instant now) {
        long first = QueueLine.bucket(serving);
        long last = Math.min(QueueLine.bucket(Math.max(serving, frontier - 1)), first + LOOKAHEAD_BUCKETS - 1);
        Map<Long, Long> counts = new HashMap<>();
        Set<Long> toRead = new LinkedHashSet<>();
        for (long b = first; b <= last; b++) {
            Long known = closedBuckets.getIfPresent(sale.saleId() + "#" + sale.opensAt() + "#" + b);
            if (known != null) {
                counts.put(b, known);
            } else {
                toRead.add(b);
            }
        }
        if (!toRead.isEmpty()) {
            store.joins(sale.saleId(), toRead).forEach((b, n) -> {
                counts.put(b, n);
                if (QueueLine.closed(sale, b, now)) {
                    closedBuckets.put(sale.saleId() + "#" + sale.opensAt() + "#" + b, n);
                }
            });
        }
        return counts;
    }
}
