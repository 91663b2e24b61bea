package io.flashcheckout.admission;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The units in shoppers' carts when the shelf is empty: unpaid holds by the minute they end (they come back then unless
 * paid), and units whose payment is under way ({@code paying}: they come back only if the payment fails).
 *
 * @param ending units of unpaid holds by the end of the minute their holds end, earliest first; at most
 *               {@link #MAX_ENTRIES}, the last one taking every later hold (its {@code by} is the latest end)
 * @param paying units of orders being paid
 */
public record HeldUnits(List<Ending> ending, long paying) {
    public static final int MAX_ENTRIES = 10;
    public static final HeldUnits NONE = new HeldUnits(List.of(), 0);

    public HeldUnits {
        ending = List.copyOf(ending);
    }

    /** {@code units} of unpaid holds end by {@code by}. */
    public record Ending(Instant by, long units) {}

    public long reserved() {
        return ending.stream().mapToLong(Ending::units).sum();
    }

    /** Units that may still come back to the shelf; none: the stock is gone for good. */
    public long live() {
        return reserved() + paying;
    }

    /** Adds the holds up as they are read, one order at a time. */
    public static final class Tally {
        private final TreeMap<Instant, Long> byMinute = new TreeMap<>();
        private long paying;

        public void reserved(long units, Instant holdExpiresAt) {
            Instant minute = holdExpiresAt.truncatedTo(ChronoUnit.MINUTES);
            Instant by = minute.equals(holdExpiresAt) ? minute : minute.plus(1, ChronoUnit.MINUTES);
            byMinute.merge(by, units, Long::sum);
        }

        public void paying(long units) {
            paying += units;
        }

        public HeldUnits held() {
            List<Ending> ending = new ArrayList<>();
            for (Map.Entry<Instant, Long> e : byMinute.entrySet()) {
                if (ending.size() < MAX_ENTRIES) {
                    ending.add(new Ending(e.getKey(), e.getValue()));
                } else {
                    Ending last = ending.removeLast();
                    ending.add(new Ending(e.getKey(), last.units() + e.getValue()));
                }
            }
            return new HeldUnits(ending, paying);
        }
    }
}
