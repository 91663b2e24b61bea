package io.flashcheckout.local.rehearse;

import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.SaleStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * When selling out became true, and when the checkout declared it: reads the sale (its stock shards, strongly
 * consistent, and its sold-out mark) every 100 ms from the opening with the audit's own client, not the functions',
 * and keeps each stretch of time the shelf was empty and the sold-out marks the checkout wrote. A stretch that ended
 * within a second (units came back from a cancel or an ended hold) was not sold out for good: the next one counts.
 * The declaration is the mark (what every later request and the sale's page are answered from); the first
 * {@code sold-out} answer the crowd received is shown beside it, as it also carries this machine's queueing.
 */
final class SoldOutWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 100;

    /** When the shelf was read empty, and when it was first read with units again (null while still empty). */
    record Stretch(Instant start, Instant end) {}

    /** A read that found a sold-out mark standing (for the stock loaded), and when the mark was written. */
    private record Sighting(Instant readAt, Instant markedAt) {}

    private final List<Stretch> stretches = new ArrayList<>();
    /** One per read while a mark stands (10 a second at most), or per new mark: which mark was in force when. */
    private final List<Sighting> marks = new ArrayList<>();
    /** Reads that found a mark standing while the shelf held units (a release about to remove it, or a false mark). */
    private int markedOverUnits;
    private final Instant opensAt;
    private final Thread watch;

    SoldOutWatch(SaleStore sales, String saleId, Instant opensAt) {
        this.opensAt = opensAt;
        this.watch = Thread.ofVirtual().name("sold-out-watch").start(() -> {
            Instant emptySince = null;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Sale sale = sales.find(saleId).orElse(null);
                    boolean empty = sale != null && Arrays.stream(sales.shardStock(sale)).sum() == 0;
                    Instant now = Instant.now();
                    synchronized (stretches) {
                        if (empty && emptySince == null) {
                            emptySince = now;
                        } else if (!empty && emptySince != null) {
                            stretches.add(new Stretch(emptySince, now));
                            emptySince = null;
                        }
                        if (sale != null && sale.soldOutAt() != null && sale.soldOutStockLoaded() == sale.stockLoaded()) {
                            marks.add(new Sighting(now, sale.soldOutAt()));
                            if (!empty) {
                                markedOverUnits++;
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    // a read that failed: the next one in 100 ms
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    break;
                }
            }
            if (emptySince != null) {
                synchronized (stretches) {
                    stretches.add(new Stretch(emptySince, null));
                }
            }
        });
    }

    /** When the shelf was first empty for good, seconds after the opening; -1 if never. */
    double soldOutSeconds() {
        Stretch s = lasting();
        return s == null ? -1 : seconds(s.start());
    }

    /** The first empty stretch that lasted at least a second (or still lasts); null if none. */
    private Stretch lasting() {
        synchronized (stretches) {
            for (Stretch s : stretches) {
                if (s.end() == null || Duration.between(s.start(), s.end()).toMillis() >= 1_000) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * The target "sold out declared within a second of being true": the checkout's sold-out mark in force when the
     * shelf went empty for good was made at most 1 s (+ the watch's 100 ms period) after that moment. A shelf that
     * never stayed empty has nothing to declare; then no mark may stand at the end.
     */
    ScenarioTarget target(Tally tally) {
        return target(tally, null);
    }

    /**
     * As {@link #target(Tally)}, with the store unreachable until {@code storeBack} (null: never down): while the
     * checkout cannot read its shards nobody can declare anything, so the second counts from whichever is later.
     */
    ScenarioTarget target(Tally tally, Instant storeBack) {
        close();
        String name = "sold out declared within a second of being true";
        double answered = tally.secondsToSoldOut();
        String firstAnswer = answered < 0 ? "no sold-out answer"
                : String.format(Locale.ROOT, "first sold-out answer received at %.2f s", answered);
        Stretch soldOut = lasting();
        List<Sighting> made;
        int overUnits;
        int stretchCount;
        synchronized (stretches) {
            made = List.copyOf(marks);
            overUnits = markedOverUnits;
            stretchCount = stretches.size();
        }
        if (soldOut == null) {
            return new ScenarioTarget(name, "<= 1 s", "the shelf never stayed empty a second (" + stretchCount
                    + " short empty stretch(es)): nothing to declare; " + firstAnswer, true);
        }
        // the mark in force once the shelf emptied for good: the first read from then on (within the watch's period
        // before it was read empty) that found one. It may have been written before: a release whose unit was taken
        // again at once leaves the mark standing, rightly, and then it counts from when it was written
        Instant declared = made.stream().filter(m -> !m.readAt().isBefore(soldOut.start().minusMillis(PERIOD_MILLIS)))
                .map(Sighting::markedAt).findFirst().orElse(null);
        if (declared == null) {
            return new ScenarioTarget(name, "<= 1 s", String.format(Locale.ROOT, "shelf empty for good at %.2f s after the "
                    + "opening, never marked sold out; %s", seconds(soldOut.start()), firstAnswer), false);
        }
        Instant knowable = storeBack != null && storeBack.isAfter(soldOut.start()) ? storeBack : soldOut.start();
        double delay = Duration.between(knowable, declared).toMillis() / 1000.0;
        return new ScenarioTarget(name, "<= 1 s", String.format(Locale.ROOT, "shelf empty for good at %.2f s after the opening "
                        + "(%d empty stretch(es))%s, marked sold out at %.2f s: %+.2f s; %s", seconds(soldOut.start()), stretchCount,
                knowable == soldOut.start() ? "" : String.format(Locale.ROOT, ", the store back at %.2f s", seconds(knowable)),
                seconds(declared), delay, firstAnswer) + String.format(Locale.ROOT, "; a mark stood while units were on the "
                + "shelf in %d of the 100-ms reads", overUnits), delay <= 1.0 + PERIOD_MILLIS / 1000.0);
    }

    private double seconds(Instant when) {
        return Duration.between(opensAt, when).toMillis() / 1000.0;
    }

    @Override
    public void close() {
        watch.interrupt();
        try {
            watch.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
