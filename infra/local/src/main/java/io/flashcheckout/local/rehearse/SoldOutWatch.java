package io.flashcheckout.local.rehearse;

import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.SaleStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * When selling out became true: reads the sale's stock shards (strongly consistent, with the audit's own client,
 * not the functions') every 100 ms from the opening and keeps each stretch of time the shelf was empty, then says
 * how long after it became true the checkout first answered {@code sold-out}. A stretch that ended within a second
 * (units came back from a cancel or an ended hold) was not yet sold out for good: the next one counts then.
 */
final class SoldOutWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 100;

    /** Nanoseconds after the opening the shelf was first read empty; end -1 while it still is. */
    record Stretch(long startNanos, long endNanos) {}

    private final List<Stretch> stretches = new ArrayList<>();
    private final long openedNanos;
    private final Thread watch;

    SoldOutWatch(SaleStore sales, String saleId, long openedNanos) {
        this.openedNanos = openedNanos;
        this.watch = Thread.ofVirtual().name("sold-out-watch").start(() -> {
            long emptySince = -1;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Sale sale = sales.find(saleId).orElse(null);
                    boolean empty = sale != null && Arrays.stream(sales.shardStock(sale)).sum() == 0;
                    long now = System.nanoTime() - openedNanos;
                    synchronized (stretches) {
                        if (empty && emptySince < 0) {
                            emptySince = now;
                        } else if (!empty && emptySince >= 0) {
                            stretches.add(new Stretch(emptySince, now));
                            emptySince = -1;
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
            if (emptySince >= 0) {
                synchronized (stretches) {
                    stretches.add(new Stretch(emptySince, -1));
                }
            }
        });
    }

    /** When the shelf was first empty for good (seconds after the opening), or -1 if never. */
    double soldOutSeconds() {
        Stretch s = lasting();
        return s == null ? -1 : s.startNanos() / 1e9;
    }

    /** The first empty stretch that lasted at least a second (or still lasts); null if none. */
    private Stretch lasting() {
        synchronized (stretches) {
            for (Stretch s : stretches) {
                if (s.endNanos() < 0 || s.endNanos() - s.startNanos() >= TimeUnit.SECONDS.toNanos(1)) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * The target "sold out declared within a second of being true": the first {@code sold-out} answer (from the
     * tally) at most 1 s (+ the watch's 100 ms period) after the shelf became empty for good; an answer while an
     * earlier, shorter stretch was empty is no later than that either.
     */
    ScenarioTarget target(Tally tally) {
        close();
        double declared = tally.secondsToSoldOut();
        double soldOut = soldOutSeconds();
        int stretchCount;
        synchronized (stretches) {
            stretchCount = stretches.size();
        }
        if (soldOut < 0) {
            return new ScenarioTarget("sold out declared within a second of being true", "<= 1 s",
                    declared < 0 ? "the shelf never stayed empty and no sold-out answer" :
                            String.format(Locale.ROOT, "first sold-out answer at %.2f s, but the shelf never stayed empty a second", declared),
                    false);
        }
        double delay = declared < 0 ? Double.NaN : declared - soldOut;
        boolean met = declared >= 0 && delay <= 1.0 + PERIOD_MILLIS / 1000.0;
        return new ScenarioTarget("sold out declared within a second of being true", "<= 1 s",
                declared < 0 ? String.format(Locale.ROOT, "shelf empty for good at %.2f s after the opening; no sold-out answer",
                        soldOut)
                        : String.format(Locale.ROOT, "shelf empty for good at %.2f s after the opening (%d empty stretch(es)), first "
                                + "sold-out answer at %.2f s: %+.2f s", soldOut, stretchCount, declared, delay),
                met);
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
