package io.flashcheckout.bench.overhead;

import io.flashcheckout.bench.ApiCalls;
import io.flashcheckout.bench.LocalCheckout;
import io.flashcheckout.bench.Machine;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Reserve throughput of the real {@link ReserveService} against what the same DynamoDB Local, reached over HTTP by
 * the same SDK client, does with the raw writes a reserve is made of: one conditional UpdateItem, and the 3-item
 * TransactWriteItems of the reserve's shape. The kinds run interleaved in rounds (the order rotated each round)
 * after a warm-up, so drift of a shared machine hits them alike.
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

    @Option(names = "--no-diagnostic", negatable = true,
            description = "also measure reserve with its hold-expiry SQS send skipped, to tell what the send costs "
                    + "(default: on)")
    boolean diagnostic = true;

    /** The figures of the last run, for the smoke test. */
    Result last;

    enum Kind {
        RAW_UPDATE("raw UpdateItem (1 cond. item)"),
        RAW_TRANSACTION("raw TransactWriteItems (3)"),
        RESERVE("reserve (ReserveService)"),
        RESERVE_NO_QUEUE("reserve, hold-expiry send skipped");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One measurement of one kind. */
    record Measurement(Kind kind, long ops, long errors, double seconds, Histogram latencyMicros,
                       Map<String, ApiCalls.Tally> calls, long queueSends, long queueNanos, Map<String, Long> errorTypes) {
        double opsPerSecond() {
            return ops / seconds;
        }
    }

    /** Per kind: every round's measurement. */
    record Result(Map<Kind, List<Measurement>> rounds) {
        double opsPerSecond(Kind kind) {
            List<Measurement> ms = rounds.get(kind);
            return ms.stream().mapToLong(Measurement::ops).sum() / ms.stream().mapToDouble(Measurement::seconds).sum();
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
        if (diagnostic) {
            kinds.add(Kind.RESERVE_NO_QUEUE);
        }
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
            Result result = new Result(results);
            print(out, kinds, result);
            return result;
        }
    }

    /** The sale and the raw counters, and the operation each kind runs. */
    private static final class Fixture {
        private static final String SALE = "bench-overhead";
        private static final String RAW_TX = "bench-raw-tx";
        private static final String RAW_UPDATE = "bench-raw-update";
        private static final String HASH = "0".repeat(64);
        private final AtomicLong sequence = new AtomicLong();
        private final ReserveService reserve;
        private final DynamoDbClient dynamo;
        private final CheckoutTables tables;
        private final int shards;

        Fixture(LocalCheckout checkout, int shards) {
            this.reserve = checkout.reserve();
            this.dynamo = checkout.serviceClient();
            this.tables = checkout.tables();
            this.shards = shards;
            checkout.createSale(SALE, 10_000_000L, shards);
            for (String counter : List.of(RAW_TX, RAW_UPDATE)) {
                for (int shard = 0; shard < shards; shard++) {
                    String pk = "STOCK#" + counter + "#" + shard;
                    int n = shard;
                    checkout.plainClient().putItem(b -> b.tableName(tables.sales()).item(Map.of(
                            "pk", AttributeValue.fromS(pk), "saleId", AttributeValue.fromS(counter),
                            "shard", AttributeValue.fromN(Integer.toString(n)),
                            "available", AttributeValue.fromN("1000000000000"),
                            "definitionHash", AttributeValue.fromS(HASH))));
                }
            }
        }

        /** Runs one operation of the kind; answers how many conflicts it retried through (raw transaction only). */
        int run(Kind kind) {
            long n = sequence.incrementAndGet();
            return switch (kind) {
                case RESERVE, RESERVE_NO_QUEUE -> {
                    reserve.reserve(SALE, Requester.shopper("c" + n), 1, "bench-key-" + n);
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
                case RAW_TRANSACTION -> rawTransaction(n);
            };
        }

        private int shard() {
            return ThreadLocalRandom.current().nextInt(shards);
        }

        /** The reserve transaction's shape: shard decrement, customer count, order put if absent (ALL_OLD on each). */
        private int rawTransaction(long n) {
            String customer = "c" + n;
            // random like the service's hashed ids (sequential keys would be cheaper to insert)
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String orderId = String.format("o-%016x%016x", random.nextLong(), random.nextLong());
            long now = Instant.now().toEpochMilli();
            long hold = now + 600_000;
            Map<String, AttributeValue> order = new LinkedHashMap<>();
            order.put("pk", AttributeValue.fromS("ORDER#" + orderId));
            order.put("orderId", AttributeValue.fromS(orderId));
            order.put("saleId", AttributeValue.fromS(RAW_TX));
            order.put("customerId", AttributeValue.fromS(customer));
            order.put("quantity", AttributeValue.fromN("1"));
            order.put("amount", AttributeValue.fromS("199.00"));
            order.put("currency", AttributeValue.fromS("EUR"));
            order.put("status", AttributeValue.fromS("RESERVED"));
            order.put("shard", AttributeValue.fromN(Integer.toString(shard())));
            order.put("holdExpiresAt", AttributeValue.fromN(Long.toString(hold)));
            order.put("version", AttributeValue.fromN("0"));
            order.put("createdAt", AttributeValue.fromN(Long.toString(now)));
            order.put("updatedAt", AttributeValue.fromN(Long.toString(now)));
            order.put("requestHash", AttributeValue.fromS(HASH));
            order.put("paymentAttempt", AttributeValue.fromN("0"));
            order.put("dueShard", AttributeValue.fromS("RESERVED#" + (n % 16)));
            order.put("dueAt", AttributeValue.fromN(Long.toString(hold)));
            List<TransactWriteItem> items = List.of(
                    TransactWriteItem.builder().update(Update.builder()
                            .tableName(tables.sales())
                            .key(Map.of("pk", AttributeValue.fromS("STOCK#" + RAW_TX + "#" + shard())))
                            .updateExpression("SET available = available - :q")
                            .conditionExpression("available >= :q")
                            .expressionAttributeValues(Map.of(":q", AttributeValue.fromN("1")))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build()).build(),
                    TransactWriteItem.builder().update(Update.builder()
                            .tableName(tables.orders())
                            .key(Map.of("pk", AttributeValue.fromS("LIMIT#" + RAW_TX + "#" + customer)))
                            .updateExpression("ADD units :q")
                            .conditionExpression("attribute_not_exists(units) OR units <= :most")
                            .expressionAttributeValues(Map.of(":q", AttributeValue.fromN("1"), ":most", AttributeValue.fromN("0")))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build()).build(),
                    TransactWriteItem.builder().put(Put.builder()
                            .tableName(tables.orders())
                            .item(order)
                            .conditionExpression("attribute_not_exists(pk)")
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build()).build());
            for (int conflicts = 0; ; conflicts++) {
                try {
                    dynamo.transactWriteItems(b -> b.transactItems(items));
                    return conflicts;
                } catch (TransactionCanceledException e) {
                    // as the service does, a conflict with another transaction is tried again (here at once)
                    boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream()
                            .map(CancellationReason::code).anyMatch("TransactionConflict"::equals);
                    if (!conflict || conflicts >= 20) {
                        throw e;
                    }
                }
            }
        }
    }

    private Measurement measure(LocalCheckout checkout, Fixture fixture, Kind kind, double secs) {
        checkout.calls().reset();
        checkout.queues().reset();
        checkout.queues().sending(kind != Kind.RESERVE_NO_QUEUE);
        LongAdder ops = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<String, Long> errorTypes = new ConcurrentHashMap<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
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
        checkout.queues().sending(true);
        Histogram all = new Histogram(3_600_000_000L, 3);
        histograms.forEach(all::add);
        return new Measurement(kind, ops.sum(), errors.sum(), elapsed, all, checkout.calls().snapshot(),
                checkout.queues().expirySends(), checkout.queues().expiryNanos(), new TreeMap<>(errorTypes));
    }

    private void print(PrintStream out, List<Kind> kinds, Result result) {
        out.println();
        StringBuilder header = new StringBuilder(String.format("%-34s", "kind"));
        for (int r = 1; r <= rounds; r++) {
            header.append(String.format(" %9s", "round " + r));
        }
        header.append(String.format(" %10s %8s %8s %7s", "ops/s", "p50 ms", "p99 ms", "errors"));
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Kind kind : kinds) {
            StringBuilder line = new StringBuilder(String.format("%-34s", kind.label));
            for (Measurement m : result.rounds().get(kind)) {
                line.append(String.format(" %9.0f", m.opsPerSecond()));
            }
            Histogram h = result.latency(kind);
            line.append(String.format(" %10.0f %8.2f %8.2f %7d", result.opsPerSecond(kind),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, result.errors(kind)));
            out.println(line);
        }
        out.println("(ops/s of a kind = its operations over its measured seconds, all rounds; latency = one call as "
                + "the client thread saw it)");
        out.println();
        if (kinds.contains(Kind.RESERVE) && kinds.contains(Kind.RAW_TRANSACTION)) {
            double ratio = result.opsPerSecond(Kind.RESERVE) / result.opsPerSecond(Kind.RAW_TRANSACTION);
            out.printf("reserve / raw transaction = %.2f   (target >= 0.80: %s)%n", ratio, ratio >= 0.8 ? "met" : "NOT met");
        }
        if (kinds.contains(Kind.RESERVE) && kinds.contains(Kind.RAW_UPDATE)) {
            out.printf("reserve / raw update      = %.2f%n",
                    result.opsPerSecond(Kind.RESERVE) / result.opsPerSecond(Kind.RAW_UPDATE));
        }
        if (kinds.contains(Kind.RESERVE_NO_QUEUE) && kinds.contains(Kind.RAW_TRANSACTION)) {
            out.printf("reserve with the hold-expiry send skipped / raw transaction = %.2f%n",
                    result.opsPerSecond(Kind.RESERVE_NO_QUEUE) / result.opsPerSecond(Kind.RAW_TRANSACTION));
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
        long sends = ms.stream().mapToLong(Measurement::queueSends).sum();
        if (sends > 0) {
            long nanos = ms.stream().mapToLong(Measurement::queueNanos).sum();
            accounted += nanos / 1e6 / ops;
            line.append(String.format(" SQS SendMessage %.3f/op x %.2f ms +", (double) sends / ops, nanos / 1e6 / sends));
        }
        line.append(String.format(" rest (in-process, between the calls) %.2f ms", meanMs - accounted));
        out.println(line);
    }
}
