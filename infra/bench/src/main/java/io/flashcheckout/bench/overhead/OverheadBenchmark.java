package io.flashcheckout.bench.overhead;

import io.flashcheckout.bench.ApiCalls;
import io.flashcheckout.bench.LocalCheckout;
import io.flashcheckout.bench.RawReserveTransaction;
import io.flashcheckout.bench.Machine;
import io.flashcheckout.bench.TimedQueues;
import io.flashcheckout.bench.CpuMeter;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reserve throughput of the real {@link ReserveService} against what the same DynamoDB Local, reached over HTTP by
 * the same SDK client, does with the raw writes a reserve is made of: one conditional UpdateItem, and the 3-item
 * TransactWriteItems of the reserve's shape. The kinds run interleaved in rounds (the order rotated each round)
 * after a warm-up, so drift of a shared machine hits them alike. A reserve only writes; the orders stream's relay
 * (the real {@code OrderRelayHandler}, polled as the local stack polls it) sends the hold-expiry messages in this JVM
 * all along, so it shares the CPU with what is measured, as it would not on Lambda.
 */
@Command(name = "overhead", mixinStandardHelpOptions = true,
        description = "Reserve throughput vs the same DynamoDB Local's raw conditional UpdateItem and 3-item "
                + "TransactWriteItems, interleaved in rounds; ops/s, p50/p99 and where a reserve's time goes.")
public final class OverheadBenchmark implements Callable<Integer> {

    @Option(names = "--threads", description = "client threads calling at once (default: ${DEFAULT-VALUE})")
    int threads = 16;

    @Option(names = "--rounds", description = "measured rounds of every kind (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--seconds", description = "length of one measurement of one kind (default: ${DEFAULT-VALUE})")
    double seconds = 5;

    @Option(names = "--warmup", description = "warm-up seconds per kind before the rounds (default: ${DEFAULT-VALUE})")
    double warmup = 3;

    @Option(names = "--shards", description = "stock shards of the reserve sale; the raw writes spread over as many "
            + "counters (default: ${DEFAULT-VALUE})")
    int shards = 16;

    @Option(names = "--kinds", split = ",", description = "the kinds to measure, any of ${COMPLETION-CANDIDATES} "
            + "(default: all)")
    List<Kind> only;

    @Option(names = "--relay-every", description = "how often the relay polls the stream, ms (the template gives its "
            + "event source a 1 s batching window: Lambda gathers up to that long before it invokes; default: ${DEFAULT-VALUE})")
    long relayEveryMillis = 1000;

    private static final CpuMeter CPU = CpuMeter.ofThisJvm();

    /** The target of issue 13: reserve at least this share of the raw transaction's rate. */
    static final double TARGET = 0.90;

    /** The figures of the last run, for the smoke test. */
    Result last;

    enum Kind {
        RAW_UPDATE("raw UpdateItem (1 cond. item)"),
        RAW_TRANSACTION("raw TransactWriteItems (3)"),
        RESERVE("reserve (ReserveService)");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One measurement of one kind. */
    record Measurement(Kind kind, long ops, long errors, double seconds, Histogram latencyMicros,
                       Map<String, ApiCalls.Tally> calls, TimedQueues.Sent relayed, Map<String, Long> errorTypes,
                       long cpuNanos) {
        double opsPerSecond() {
            return ops / seconds;
        }
    }

    /** Per kind: every round's measurement; and the relay's totals over the whole run, after it caught up. */
    record Result(Map<Kind, List<Measurement>> rounds, long reservesMade, long holdExpiriesRelayed) {
        double opsPerSecond(Kind kind) {
            List<Measurement> ms = rounds.get(kind);
            return ms.stream().mapToLong(Measurement::ops).sum() / ms.stream().mapToDouble(Measurement::seconds).sum();
        }

        /** Hold-expiry messages the relay sent while the kind's rounds ran. */
        long relayedDuring(Kind kind) {
            return rounds.get(kind).stream().mapToLong(m -> m.relayed().messages()).sum();
        }

        /** This JVM's CPU time (DynamoDB Local, ElasticMQ, the relay and the callers) over the kind's operations. */
        double cpuMillisPerOp(Kind kind) {
            List<Measurement> ms = rounds.get(kind);
            long ops = ms.stream().mapToLong(Measurement::ops).sum();
            return ops == 0 ? Double.NaN : ms.stream().mapToLong(Measurement::cpuNanos).sum() / 1e6 / ops;
        }

        Histogram latency(Kind kind) {
            Histogram all = new Histogram(3_600_000_000L, 3);
            rounds.get(kind).forEach(m -> all.add(m.latencyMicros()));
            return all;
        }

        long errors(Kind kind) {
            return rounds.get(kind).stream().mapToLong(Measurement::errors).sum();
        }
    }

    @Override
    public Integer call() {
        last = run(System.out);
        return 0;
    }

    Result run(PrintStream out) {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.RAW_UPDATE, Kind.RAW_TRANSACTION, Kind.RESERVE));
        if (only != null && !only.isEmpty()) {
            kinds = new ArrayList<>(only);
        }
        out.println("overhead: ReserveService.reserve vs raw DynamoDB writes on the same DynamoDB Local (HTTP, same SDK client)");
        out.println("machine: " + Machine.describe());
        out.printf("setup: %d client threads; %d rounds x %.1f s per kind, interleaved (order rotated each round), after "
                        + "%.1f s warm-up per kind; %d stock shards / raw counters; each reserve a new customer (limit 1)%n",
                threads, rounds, seconds, warmup, shards);
        try (LocalCheckout checkout = LocalCheckout.start(threads, UnaryOperator.identity())) {
            Fixture fixture = new Fixture(checkout, shards);
            out.println("backend: DynamoDB Local in-memory + ElasticMQ in this JVM; http.maxConnections="
                    + System.getProperty("http.maxConnections"));
            checkout.startOrderRelay(Duration.ofMillis(relayEveryMillis));
            out.printf("relay: the real OrderRelayHandler on the orders table's stream (the template's filter criteria), "
                    + "polled every %d ms, SendMessageBatch to ElasticMQ, in this JVM all run long: it shares "
                    + "the CPU with every kind here, as it would not on Lambda (its own function). The raw transaction's "
                    + "orders carry a status the filter drops, so it relays only the reserves'.%n", relayEveryMillis);
            for (Kind kind : kinds) {
                measure(checkout, fixture, kind, warmup);
            }
            Map<Kind, List<Measurement>> results = new EnumMap<>(Kind.class);
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < kinds.size(); i++) {
                    Kind kind = kinds.get((i + round) % kinds.size());
                    Measurement m = measure(checkout, fixture, kind, seconds);
                    results.computeIfAbsent(kind, k -> new ArrayList<>()).add(m);
                    out.printf("  round %d  %-34s %8.0f ops/s%n", round + 1, kind.label, m.opsPerSecond());
                }
            }
            // the relay thread catches up: every reserve's message, before the totals are taken
            long waitUntil = System.nanoTime() + 60_000_000_000L;
            while (relayedSoFar(fixture, checkout) < fixture.reserves.sum() && System.nanoTime() < waitUntil) {
                sleep(100);
            }
            Result result = new Result(results, fixture.reserves.sum(), relayedSoFar(fixture, checkout));
            print(out, kinds, result);
            return result;
        }
    }

    private static long relayedSoFar(Fixture fixture, LocalCheckout checkout) {
        fixture.relayedOutside.add(checkout.queues().take().messages());
        return fixture.relayedDuringRounds.sum() + fixture.relayedOutside.sum();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sale and the raw counters, and the operation each kind runs. */
    private static final class Fixture {
        private static final String SALE = "bench-overhead";
        private static final String RAW_TX = "bench-raw-tx";
        private static final String RAW_UPDATE = "bench-raw-update";
        private final AtomicLong sequence = new AtomicLong();
        /** reserves made, warm-up included; hold-expiry messages the relay sent in and between the measurements */
        final LongAdder reserves = new LongAdder();
        final LongAdder relayedDuringRounds = new LongAdder();
        final LongAdder relayedOutside = new LongAdder();
        private final ReserveService reserve;
        private final DynamoDbClient dynamo;
        private final CheckoutTables tables;
        private final int shards;
        private final RawReserveTransaction rawTransaction;

        Fixture(LocalCheckout checkout, int shards) {
            this.reserve = checkout.reserve();
            this.dynamo = checkout.serviceClient();
            this.tables = checkout.tables();
            this.shards = shards;
            this.rawTransaction = new RawReserveTransaction(dynamo, tables, RAW_TX, shards);
            checkout.createSale(SALE, 10_000_000L, shards);
            for (String counter : List.of(RAW_TX, RAW_UPDATE)) {
                RawReserveTransaction.seedCounters(checkout.plainClient(), tables, counter, shards);
            }
        }

        /** Runs one operation of the kind; answers how many conflicts it retried through (raw transaction only). */
        int run(Kind kind) {
            long n = sequence.incrementAndGet();
            return switch (kind) {
                case RESERVE -> {
                    reserve.reserve(SALE, Requester.shopper("c" + n), 1, "bench-key-" + n);
                    reserves.increment();
                    yield 0;
                }
                case RAW_UPDATE -> {
                    dynamo.updateItem(b -> b.tableName(tables.sales())
                            .key(Map.of("pk", AttributeValue.fromS("STOCK#" + RAW_UPDATE + "#" + shard())))
                            .updateExpression("SET available = available - :q")
                            .conditionExpression("available >= :q")
                            .expressionAttributeValues(Map.of(":q", AttributeValue.fromN("1"))));
                    yield 0;
                }
                case RAW_TRANSACTION -> rawTransaction.run(n);
            };
        }

        private int shard() {
            return ThreadLocalRandom.current().nextInt(shards);
        }
    }

    private Measurement measure(LocalCheckout checkout, Fixture fixture, Kind kind, double secs) {
        checkout.calls().reset();
        fixture.relayedOutside.add(checkout.queues().take().messages());
        LongAdder ops = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<String, Long> errorTypes = new ConcurrentHashMap<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long cpuAtStart = CPU.cpuNanos();
        long start = System.nanoTime();
        long deadline = start + (long) (secs * 1e9);
        for (int t = 0; t < threads; t++) {
            Histogram h = new Histogram(3_600_000_000L, 3);
            histograms.add(h);
            workers.add(Thread.ofPlatform().name("bench-" + kind + "-" + t).start(() -> {
                while (System.nanoTime() < deadline) {
                    long began = System.nanoTime();
                    try {
                        fixture.run(kind);
                        h.recordValue(Math.max(1, (System.nanoTime() - began) / 1000));
                        ops.increment();
                    } catch (RuntimeException e) {
                        errors.increment();
                        errorTypes.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    }
                }
            }));
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpuNanos = CPU.cpuNanos() - cpuAtStart;
        TimedQueues.Sent relayed = checkout.queues().take();
        fixture.relayedDuringRounds.add(relayed.messages());
        Histogram all = new Histogram(3_600_000_000L, 3);
        histograms.forEach(all::add);
        return new Measurement(kind, ops.sum(), errors.sum(), elapsed, all, checkout.calls().snapshot(),
                relayed, new TreeMap<>(errorTypes), cpuNanos);
    }

    private void print(PrintStream out, List<Kind> kinds, Result result) {
        out.println();
        StringBuilder header = new StringBuilder(String.format("%-34s", "kind"));
        for (int r = 1; r <= rounds; r++) {
            header.append(String.format(" %9s", "round " + r));
        }
        header.append(String.format(" %10s %8s %8s %7s %10s", "ops/s", "p50 ms", "p99 ms", "errors", "CPU ms/op"));
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Kind kind : kinds) {
            StringBuilder line = new StringBuilder(String.format("%-34s", kind.label));
            for (Measurement m : result.rounds().get(kind)) {
                line.append(String.format(" %9.0f", m.opsPerSecond()));
            }
            Histogram h = result.latency(kind);
            line.append(String.format(" %10.0f %8.2f %8.2f %7d %10.2f", result.opsPerSecond(kind),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, result.errors(kind),
                    result.cpuMillisPerOp(kind)));
            out.println(line);
        }
        out.println("(ops/s of a kind = its operations over its measured seconds, all rounds; latency = one call as "
                + "the client thread saw it; CPU ms/op = this JVM's CPU time during the kind's rounds over its operations:"
                + " DynamoDB Local, ElasticMQ, the relay and the callers together)");
        out.println();
        if (kinds.contains(Kind.RESERVE) && kinds.contains(Kind.RAW_TRANSACTION)) {
            double ratio = result.opsPerSecond(Kind.RESERVE) / result.opsPerSecond(Kind.RAW_TRANSACTION);
            if (result.relayedDuring(Kind.RESERVE) > 0) {
                out.printf("reserve / raw transaction = %.2f   (target >= %.2f, the relay running in this JVM: %s)%n", ratio,
                        TARGET, ratio >= TARGET ? "met" : "NOT met");
            } else {
                // a relay polling less often than a round lasts did its work outside them: the target's condition did not hold
                out.printf("reserve / raw transaction = %.2f   (a what-if: the relay sent nothing during the reserve rounds,"
                        + " so the target >= %.2f with the relay running is not judged)%n", ratio, TARGET);
            }
        }
        if (kinds.contains(Kind.RESERVE) && kinds.contains(Kind.RAW_UPDATE)) {
            out.printf("reserve / raw update      = %.2f%n",
                    result.opsPerSecond(Kind.RESERVE) / result.opsPerSecond(Kind.RAW_UPDATE));
        }
        if (kinds.contains(Kind.RESERVE)) {
            List<Measurement> ms = result.rounds().get(Kind.RESERVE);
            long messages = result.relayedDuring(Kind.RESERVE);
            long batches = ms.stream().mapToLong(m -> m.relayed().batches()).sum();
            long nanos = ms.stream().mapToLong(m -> m.relayed().sendNanos()).sum();
            long failed = ms.stream().mapToLong(m -> m.relayed().failed()).sum();
            Histogram lag = new Histogram(3_600_000_000L, 3);
            ms.forEach(m -> lag.add(m.relayed().lagMicros()));
            double secs = ms.stream().mapToDouble(Measurement::seconds).sum();
            out.printf("relay during the reserve rounds: %.0f messages/s relayed (%.1f per invocation, sent in %.2f ms "
                            + "per invocation), %d not sent; write-to-send lag p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    messages / secs, batches == 0 ? 0.0 : (double) messages / batches, batches == 0 ? 0.0 : nanos / 1e6 / batches,
                    failed, lag.getValueAtPercentile(50) / 1000.0, lag.getValueAtPercentile(99) / 1000.0, lag.getMaxValue() / 1000.0);
            out.printf("relay over the whole run, after catching up: %d hold-expiry messages for %d reservations (%s)%n",
                    result.holdExpiriesRelayed(), result.reservesMade(),
                    result.holdExpiriesRelayed() >= result.reservesMade() ? "none missing"
                            : result.holdExpiriesRelayed() == 0 && messages == 0
                            ? "the relay did not poll within the run: --relay-every " + relayEveryMillis + " ms"
                            : "MISSING some");
        }
        out.println();
        out.println("where the time of one call goes (means over the measured rounds):");
        for (Kind kind : kinds) {
            breakdown(out, kind, result.rounds().get(kind));
        }
        for (Kind kind : kinds) {
            Map<String, Long> failed = new TreeMap<>();
            for (Measurement m : result.rounds().get(kind)) {
                m.calls().forEach((op, tally) -> tally.failures().forEach((code, n) -> failed.merge(op + " " + code, n, Long::sum)));
                m.errorTypes().forEach((type, n) -> failed.merge("surfaced " + type, n, Long::sum));
            }
            if (!failed.isEmpty()) {
                out.println("  failed calls in " + kind.label + ": " + failed);
            }
        }
    }

    private static void breakdown(PrintStream out, Kind kind, List<Measurement> ms) {
        long ops = ms.stream().mapToLong(Measurement::ops).sum();
        if (ops == 0) {
            out.printf("  %-34s no operations%n", kind.label);
            return;
        }
        double meanMs = ms.stream().mapToDouble(m -> m.latencyMicros().getMean() * m.ops()).sum() / ops / 1000.0;
        Map<String, long[]> perOp = new TreeMap<>();
        for (Measurement m : ms) {
            m.calls().forEach((op, t) -> {
                long[] sum = perOp.computeIfAbsent(op, k -> new long[2]);
                sum[0] += t.calls();
                sum[1] += t.nanos();
            });
        }
        StringBuilder line = new StringBuilder(String.format("  %-34s %6.2f ms =", kind.label, meanMs));
        double accounted = 0;
        for (Map.Entry<String, long[]> e : perOp.entrySet()) {
            double perCall = e.getValue()[1] / 1e6 / ops;
            accounted += perCall;
            line.append(String.format(" %s %.3f/op x %.2f ms +", e.getKey(), (double) e.getValue()[0] / ops,
                    e.getValue()[0] == 0 ? 0 : e.getValue()[1] / 1e6 / e.getValue()[0]));
        }
        line.append(String.format(" rest (in-process, between the calls) %.2f ms", meanMs - accounted));
        out.println(line);
    }
}
