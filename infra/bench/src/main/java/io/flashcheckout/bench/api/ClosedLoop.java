package io.flashcheckout.bench.api;

import io.flashcheckout.bench.CpuMeter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * A fixed number of callers, each calling the operation again as soon as it answered, for a while: ops/s at a fixed
 * concurrency, the latency of every call, and every call's outcome by label.
 */
final class ClosedLoop {
    private static final long MAX_MICROS = 3_600_000_000L;

    /** One call; answers a label of its outcome (e.g. the HTTP status); a thrown exception counts as "error <type>". */
    @FunctionalInterface
    interface Operation {
        String call(long n) throws Exception;
    }

    /** One round of one kind. {@code cpuNanos}: CPU the measured processes spent meanwhile, by process (may be empty). */
    record Measurement(String kind, double seconds, Map<String, Long> outcomes, long succeeded, Histogram latencyMicros,
                       Instant from, Instant to, Map<String, Long> cpuNanos) {
        double opsPerSecond() {
            return succeeded / seconds;
        }

        long failed() {
            return outcomes.values().stream().mapToLong(Long::longValue).sum() - succeeded;
        }
    }

    private ClosedLoop() {}

    /**
     * @param success  the label of a call that did what it should (e.g. "201")
     * @param sequence numbers the calls across rounds, so each call is a new shopper, key or order
     * @param cpu      CPU meters read before and after, by process name
     */
    static Measurement run(String kind, int concurrency, Duration duration, String success, AtomicLong sequence,
                           Operation operation, Map<String, CpuMeter> cpu) {
        Map<String, Long> outcomes = new ConcurrentHashMap<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        Map<String, Long> cpuBefore = new TreeMap<>();
        cpu.forEach((name, meter) -> cpuBefore.put(name, meter.cpuNanos()));
        Instant from = Instant.now();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int t = 0; t < concurrency; t++) {
            Histogram h = new Histogram(MAX_MICROS, 3);
            histograms.add(h);
            callers.add(Thread.ofPlatform().name("bench-" + kind + "-" + t).start(() -> {
                Map<String, Long> mine = new TreeMap<>();
                while (System.nanoTime() < deadline) {
                    long began = System.nanoTime();
                    String outcome;
                    try {
                        outcome = operation.call(sequence.incrementAndGet());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        outcome = "error interrupted";
                    } catch (Exception e) {
                        outcome = "error " + e.getClass().getSimpleName();
                    }
                    h.recordValue(Math.min(MAX_MICROS, Math.max(1, (System.nanoTime() - began) / 1000)));
                    mine.merge(outcome, 1L, Long::sum);
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                }
                mine.forEach((label, n) -> outcomes.merge(label, n, Long::sum));
            }));
        }
        for (Thread caller : callers) {
            try {
                caller.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring " + kind, e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Instant to = Instant.now();
        Map<String, Long> cpuNanos = new TreeMap<>();
        cpu.forEach((name, meter) -> cpuNanos.put(name, meter.cpuNanos() - cpuBefore.get(name)));
        Histogram all = new Histogram(MAX_MICROS, 3);
        histograms.forEach(all::add);
        Map<String, Long> sorted = new TreeMap<>(outcomes);
        return new Measurement(kind, seconds, sorted, sorted.getOrDefault(success, 0L), all, from, to, cpuNanos);
    }
}
