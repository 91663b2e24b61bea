package io.flashcheckout.local.rehearse;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Everything a rehearsal counts while it runs, safe for many shoppers at once: latency per route (HdrHistogram,
 * microseconds), answers per route, and per second since the opening the new reservations and the answers.
 */
final class Tally {
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final long openedAtNanos;
    private final Map<Route, ConcurrentHistogram> latency = new EnumMap<>(Route.class);
    private final Map<Route, Map<String, LongAdder>> answers = new EnumMap<>(Route.class);
    private final AtomicLongArray reservationsBySecond;
    private final AtomicLongArray requestsBySecond;
    private final AtomicLong firstSoldOutNanos = new AtomicLong(-1);
    private final AtomicLong lastReservationNanos = new AtomicLong(-1);

    Tally(long openedAtNanos, int seconds) {
        this.openedAtNanos = openedAtNanos;
        for (Route route : Route.values()) {
            latency.put(route, new ConcurrentHistogram(MAX_LATENCY_MICROS, 3));
            answers.put(route, new ConcurrentHashMap<>());
        }
        reservationsBySecond = new AtomicLongArray(seconds);
        requestsBySecond = new AtomicLongArray(seconds);
    }

    void record(Route route, long startNanos, long endNanos, Answer answer) {
        latency.get(route).recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, (endNanos - startNanos) / 1_000)));
        answers.get(route).computeIfAbsent(answer.label(), k -> new LongAdder()).increment();
        int second = secondOf(endNanos);
        requestsBySecond.incrementAndGet(second);
        if (route == Route.RESERVE) {
            if (answer.status() == 201) {
                reservationsBySecond.incrementAndGet(second);
                lastReservationNanos.accumulateAndGet(endNanos - openedAtNanos, Math::max);
            } else if (answer.is("sold-out")) {
                firstSoldOutNanos.compareAndSet(-1, endNanos - openedAtNanos);
            }
        }
    }

    private int secondOf(long nanos) {
        long second = Math.max(0, (nanos - openedAtNanos) / 1_000_000_000L);
        return (int) Math.min(second, reservationsBySecond.length() - 1);
    }

    Histogram latency(Route route) {
        return latency.get(route).copy();
    }

    /** Answers per route, by label, in label order. */
    Map<Route, Map<String, Long>> answers() {
        Map<Route, Map<String, Long>> copy = new EnumMap<>(Route.class);
        answers.forEach((route, byLabel) -> {
            if (!byLabel.isEmpty()) {
                Map<String, Long> counts = new TreeMap<>();
                byLabel.forEach((label, n) -> counts.put(label, n.sum()));
                copy.put(route, counts);
            }
        });
        return copy;
    }

    long count(Route route, String label) {
        LongAdder n = answers.get(route).get(label);
        return n == null ? 0 : n.sum();
    }

    /** New reservations per second since the opening, up to the last second that had any request. */
    long[] reservationsPerSecond() {
        int last = 0;
        for (int i = 0; i < requestsBySecond.length(); i++) {
            if (requestsBySecond.get(i) > 0) {
                last = i;
            }
        }
        long[] perSecond = new long[last + 1];
        for (int i = 0; i <= last; i++) {
            perSecond[i] = reservationsBySecond.get(i);
        }
        return perSecond;
    }

    /** Seconds from the opening to the first sold-out answer; negative if none came. */
    double secondsToSoldOut() {
        long nanos = firstSoldOutNanos.get();
        return nanos < 0 ? -1 : nanos / 1e9;
    }

    /** Seconds from the opening to the last new reservation; negative if none. */
    double secondsToLastReservation() {
        long nanos = lastReservationNanos.get();
        return nanos < 0 ? -1 : nanos / 1e9;
    }
}
