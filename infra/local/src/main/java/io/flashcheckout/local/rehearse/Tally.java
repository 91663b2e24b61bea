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
 * Everything a rehearsal counts while it runs, safe for many shoppers at once. Per route (HdrHistogram,
 * microseconds): the response time from when the request was due (the shopper's arrival, or the previous answer of
 * the journey) to its answer, split into waiting (due until sent: the driver's own lag or the safety cap) and service
 * (sent until answered). Per route the answers by label; per second since the opening the requests due, the answers
 * and the new reservations. A slice's tally is written to files and tallies of slices are added up ({@link #add}).
 */
final class Tally {
    static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(5);
    static final int SIGNIFICANT_DIGITS = 3;

    /** What a latency histogram measures. */
    enum Part { RESPONSE, SERVICE, WAITING }

    private final long openedAtNanos;
    private final Map<Route, Map<Part, Histogram>> latency = new EnumMap<>(Route.class);
    private final Map<Route, Map<String, LongAdder>> answers = new EnumMap<>(Route.class);
    private final AtomicLongArray reservationsBySecond;
    private final AtomicLongArray answersBySecond;
    private final AtomicLongArray dueBySecond;
    private final AtomicLong firstSoldOutNanos = new AtomicLong(-1);
    private final AtomicLong lastReservationNanos = new AtomicLong(-1);

    Tally(long openedAtNanos, int seconds) {
        this.openedAtNanos = openedAtNanos;
        for (Route route : Route.values()) {
            Map<Part, Histogram> parts = new EnumMap<>(Part.class);
            for (Part part : Part.values()) {
                parts.put(part, new ConcurrentHistogram(MAX_LATENCY_MICROS, SIGNIFICANT_DIGITS));
            }
            latency.put(route, parts);
            answers.put(route, new ConcurrentHashMap<>());
        }
        reservationsBySecond = new AtomicLongArray(seconds);
        answersBySecond = new AtomicLongArray(seconds);
        dueBySecond = new AtomicLongArray(seconds);
    }

    /**
     * @param dueNanos  when the request was meant to go (open model: latency counts from here)
     * @param sentNanos when it went
     */
    void record(Route route, long dueNanos, long sentNanos, long endNanos, Answer answer) {
        Map<Part, Histogram> parts = latency.get(route);
        parts.get(Part.RESPONSE).recordValue(micros(endNanos - dueNanos));
        parts.get(Part.SERVICE).recordValue(micros(endNanos - sentNanos));
        parts.get(Part.WAITING).recordValue(micros(sentNanos - dueNanos));
        answers.get(route).computeIfAbsent(answer.label(), k -> new LongAdder()).increment();
        dueBySecond.incrementAndGet(secondOf(dueNanos));
        int second = secondOf(endNanos);
        answersBySecond.incrementAndGet(second);
        if (route == Route.RESERVE) {
            if (answer.status() == 201) {
                reservationsBySecond.incrementAndGet(second);
                lastReservationNanos.accumulateAndGet(endNanos - openedAtNanos, Math::max);
            } else if (answer.is("sold-out")) {
                firstSoldOutNanos.accumulateAndGet(endNanos - openedAtNanos, (a, b) -> a < 0 ? b : Math.min(a, b));
            }
        }
    }

    private static long micros(long nanos) {
        return Math.min(MAX_LATENCY_MICROS, Math.max(0, nanos / 1_000));
    }

    private int secondOf(long nanos) {
        long second = Math.max(0, (nanos - openedAtNanos) / 1_000_000_000L);
        return (int) Math.min(second, reservationsBySecond.length() - 1);
    }

    /** Response time, from when the request was due. */
    Histogram latency(Route route) {
        return latency(route, Part.RESPONSE);
    }

    Histogram latency(Route route, Part part) {
        return latency.get(route).get(part).copy();
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

    long requests() {
        return answers.values().stream().flatMap(m -> m.values().stream()).mapToLong(LongAdder::sum).sum();
    }

    /** New reservations per second since the opening, up to the last second that had any request. */
    long[] reservationsPerSecond() {
        return upToLastBusySecond(reservationsBySecond);
    }

    /** Requests due per second (the arrival curve as the API sees it, whatever the answers). */
    long[] duePerSecond() {
        return upToLastBusySecond(dueBySecond);
    }

    /** Answers per second. */
    long[] answersPerSecond() {
        return upToLastBusySecond(answersBySecond);
    }

    private long[] upToLastBusySecond(AtomicLongArray series) {
        int last = 0;
        for (int i = 0; i < answersBySecond.length(); i++) {
            if (answersBySecond.get(i) > 0 || dueBySecond.get(i) > 0) {
                last = i;
            }
        }
        long[] perSecond = new long[last + 1];
        for (int i = 0; i <= last; i++) {
            perSecond[i] = series.get(i);
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

    /** Adds another slice's counts: histograms, answers, per-second series, the earliest sold-out and latest reservation. */
    void add(Tally other) {
        for (Route route : Route.values()) {
            for (Part part : Part.values()) {
                latency.get(route).get(part).add(other.latency.get(route).get(part));
            }
            other.answers.get(route).forEach((label, n) ->
                    answers.get(route).computeIfAbsent(label, k -> new LongAdder()).add(n.sum()));
        }
        addSeries(reservationsBySecond, other.reservationsBySecond);
        addSeries(answersBySecond, other.answersBySecond);
        addSeries(dueBySecond, other.dueBySecond);
        if (other.firstSoldOutNanos.get() >= 0) {
            firstSoldOutNanos.accumulateAndGet(other.firstSoldOutNanos.get(), (a, b) -> a < 0 ? b : Math.min(a, b));
        }
        lastReservationNanos.accumulateAndGet(other.lastReservationNanos.get(), Math::max);
    }

    private static void addSeries(AtomicLongArray into, AtomicLongArray from) {
        for (int i = 0; i < Math.min(into.length(), from.length()); i++) {
            into.addAndGet(i, from.get(i));
        }
    }

    // for TallyFiles: reading a tally back

    void restore(Route route, Part part, Histogram histogram) {
        latency.get(route).get(part).add(histogram);
    }

    void restoreAnswers(Route route, String label, long count) {
        answers.get(route).computeIfAbsent(label, k -> new LongAdder()).add(count);
    }

    void restoreSecond(int second, long due, long answered, long reserved) {
        if (second >= 0 && second < dueBySecond.length()) {
            dueBySecond.addAndGet(second, due);
            answersBySecond.addAndGet(second, answered);
            reservationsBySecond.addAndGet(second, reserved);
        }
    }

    void restoreMarks(long firstSoldOut, long lastReservation) {
        firstSoldOutNanos.set(firstSoldOut);
        lastReservationNanos.set(lastReservation);
    }

    /** Nanoseconds from the opening to the first sold-out answer; -1 if none. */
    long firstSoldOutNanos() {
        return firstSoldOutNanos.get();
    }

    long lastReservationNanos() {
        return lastReservationNanos.get();
    }

    int seconds() {
        return dueBySecond.length();
    }
}
