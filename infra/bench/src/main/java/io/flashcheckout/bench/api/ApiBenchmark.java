package io.flashcheckout.bench.api;

import io.flashcheckout.bench.CpuMeter;
import io.flashcheckout.bench.Machine;
import io.flashcheckout.bench.RawReserveTransaction;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Benchmark 4, the API end to end: {@code POST /sales/{saleId}/reservations} over HTTP against the local stack
 * running in a JVM of its own (or one already running), from this JVM with the JDK's HttpClient (HTTP/1.1 keep-alive,
 * a fixed number of requests in flight, each a new shopper and Idempotency-Key), against the raw 3-item
 * TransactWriteItems of the reserve's shape sent from this JVM to the same stack's DynamoDB Local with the same
 * concurrency. The two kinds alternate in rounds after a warm-up, so the ratio comes from one run on one database.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "POST /sales/{id}/reservations over HTTP against the local stack (a JVM of its own) vs the raw "
                + "reserve transaction on the same DynamoDB Local, interleaved in rounds; --jfr profiles the stack.")
public final class ApiBenchmark implements Callable<Integer> {
    static final double TARGET_RATIO = 0.60;
    static final String API = "API POST /sales/{id}/reservations";
    static final String RAW = "raw TransactWriteItems (3 items)";
    private static final String CREATED = "201";
    private static final String RAW_OK = "ok";

    @Option(names = "--connections", description = "requests in flight at once, each caller on its own keep-alive "
            + "connection; the raw transaction runs with as many callers (default: ${DEFAULT-VALUE})")
    int connections = 32;

    @Option(names = "--rounds", description = "measured rounds of each kind (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--seconds", description = "length of one round of one kind (default: ${DEFAULT-VALUE})")
    double seconds = 10;

    @Option(names = "--warmup", description = "warm-up seconds of each kind before the rounds (default: ${DEFAULT-VALUE})")
    double warmup = 10;

    @Option(names = "--shards", description = "stock shards of the sale; the raw transaction spreads over as many "
            + "counters (default: ${DEFAULT-VALUE})")
    int shards = 16;

    @Option(names = "--api-url", paramLabel = "URL", description = "a local stack already running (e.g. "
            + "http://localhost:8080; its JWT secret in $" + LocalTokens.SECRET_ENV + " or --jwt-secret); "
            + "default: start one in a JVM of its own")
    URI apiUrl;

    @Option(names = "--dynamodb-url", paramLabel = "URL", description = "with --api-url: that stack's DynamoDB Local "
            + "(default: ${DEFAULT-VALUE})")
    URI dynamoDbUrl = URI.create("http://127.0.0.1:8000");

    @Option(names = "--jwt-secret", description = "with --api-url: the stack's JWT secret (default: $"
            + LocalTokens.SECRET_ENV + ")")
    String jwtSecret;

    @Option(names = "--prefix", description = "the stack's table prefix (default: ${DEFAULT-VALUE})")
    String prefix = "flash-checkout-";

    @Option(names = "--jfr", description = "record the stack's JVM with JFR (settings=profile) and print its top "
            + "consumers while the API was measured")
    boolean jfr;

    @Option(names = "--analyze", paramLabel = "FILE", description = "measure nothing: print the top consumers of a "
            + "recording an earlier --jfr run kept (all of it, not only the API's rounds)")
    Path analyze;

    @Option(names = "--top", description = "lines of each top list with --jfr (default: ${DEFAULT-VALUE})")
    int top = 15;

    @Option(names = "--stack-jvm-flags", split = " ", description = "extra flags for the stack's JVM, e.g. \"-Xmx1g\"")
    List<String> stackJvmFlags = new ArrayList<>();

    @Option(names = "--keep-work", description = "keep the working directory (the stack's log, the recording)")
    boolean keepWork;

    /** The figures of the last run, for the smoke test. */
    Result last;

    /** Every round of each kind, and what the stack's recording says (null without --jfr). */
    record Result(Map<String, List<ClosedLoop.Measurement>> rounds, HotSpots hotSpots) {
        double opsPerSecond(String kind) {
            List<ClosedLoop.Measurement> ms = rounds.get(kind);
            return ms.stream().mapToLong(ClosedLoop.Measurement::succeeded).sum()
                    / ms.stream().mapToDouble(ClosedLoop.Measurement::seconds).sum();
        }

        Map<String, Long> outcomes(String kind) {
            Map<String, Long> all = new TreeMap<>();
            rounds.get(kind).forEach(m -> m.outcomes().forEach((label, n) -> all.merge(label, n, Long::sum)));
            return all;
        }

        long failed(String kind) {
            return rounds.get(kind).stream().mapToLong(ClosedLoop.Measurement::failed).sum();
        }

        Histogram latency(String kind) {
            Histogram all = new Histogram(3_600_000_000L, 3);
            rounds.get(kind).forEach(m -> all.add(m.latencyMicros()));
            return all;
        }

        double ratio() {
            return opsPerSecond(API) / opsPerSecond(RAW);
        }
    }

    @Override
    public Integer call() {
        if (analyze != null) {
            System.out.println("top consumers in " + analyze + " (the whole recording):");
            HotSpots.of(analyze, List.of(new HotSpots.Window(Instant.MIN, Instant.MAX))).print(System.out, top);
            return 0;
        }
        last = run(System.out);
        return last.failed(API) == 0 && last.failed(RAW) == 0 ? 0 : 1;
    }

    Result run(PrintStream out) {
        if (jfr && apiUrl != null) {
            throw new IllegalArgumentException("--jfr records a stack this benchmark starts; it cannot with --api-url");
        }
        // HttpURLConnection (the raw transaction's SDK client) keeps 5 idle connections per host unless told more;
        // read once per JVM, so set before any connection is made
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, connections)));
        }
        out.println("api: POST /sales/{id}/reservations over HTTP against the local stack vs the raw reserve transaction"
                + " on the same DynamoDB Local");
        out.println("machine: " + Machine.describe());
        out.printf("setup: %d requests in flight (JDK HttpClient, HTTP/1.1 keep-alive; each a new shopper token and "
                        + "Idempotency-Key) and %d raw callers (AWS SDK, URL-connection client); %d rounds x %.1f s per "
                        + "kind, alternating which goes first, after %.1f s warm-up per kind; %d shards / raw counters%n",
                connections, connections, rounds, seconds, warmup, shards);
        Path work;
        try {
            work = Files.createTempDirectory("flash-api-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result result;
        LocalStackProcess stack = null;
        try {
            String secret;
            URI api;
            URI dynamoDb;
            Map<String, CpuMeter> cpu = new LinkedHashMap<>();
            if (apiUrl == null) {
                secret = LocalTokens.generateSecret();
                List<String> flags = new ArrayList<>(stackJvmFlags);
                if (jfr) {
                    flags.add("-XX:StartFlightRecording=filename=" + work.resolve("stack.jfr")
                            + ",settings=profile,dumponexit=true");
                }
                long startedAt = System.nanoTime();
                stack = LocalStackProcess.start(work, secret, flags, Duration.ofMinutes(3));
                out.printf("local stack: started in %.1f s, pid %d: %s%n", (System.nanoTime() - startedAt) / 1e9,
                        stack.pid(), stack.describe());
                api = stack.api();
                dynamoDb = stack.dynamoDb();
                cpu.put("stack", CpuMeter.ofProcess(stack.pid()));
            } else {
                secret = jwtSecret != null ? jwtSecret : System.getenv(LocalTokens.SECRET_ENV);
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("--api-url needs the stack's JWT secret: --jwt-secret or $"
                            + LocalTokens.SECRET_ENV);
                }
                api = apiUrl;
                dynamoDb = dynamoDbUrl;
                out.println("local stack: attached at " + api + " (DynamoDB Local " + dynamoDb + ")");
            }
            cpu.put("bench", CpuMeter.ofThisJvm());
            out.println("load average before: " + loadAverage());
            result = measure(out, api, dynamoDb, new LocalTokens(secret, Clock.systemUTC()), cpu);
            out.println("load average after: " + loadAverage() + " (other processes on this machine take CPU from "
                    + "both kinds alike: compare the ratio, not the rates across runs)");
            if (stack != null) {
                stack.close();
            }
            if (jfr) {
                List<HotSpots.Window> windows = result.rounds().get(API).stream()
                        .map(m -> new HotSpots.Window(m.from(), m.to())).toList();
                HotSpots hot = HotSpots.of(work.resolve("stack.jfr"), windows);
                out.println();
                out.println("top consumers in the stack's JVM while the API was measured (JFR, settings=profile; "
                        + "recording " + work.resolve("stack.jfr") + "):");
                hot.print(out, top);
                result = new Result(result.rounds(), hot);
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
            if (keepWork || jfr) {
                out.println("working directory kept: " + work + " (the stack's log" + (jfr ? ", stack.jfr: try `jfr view"
                        + " hot-methods " + work.resolve("stack.jfr") + "`" : "") + ")");
            } else {
                deleteQuietly(work);
            }
        }
        return result;
    }

    private Result measure(PrintStream out, URI api, URI dynamoDb, LocalTokens tokens, Map<String, CpuMeter> cpu) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String saleId = "bench-api-" + tag;
        CheckoutTables tables = CheckoutTables.withPrefix(prefix);
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
             DynamoDbClient dynamo = LocalAws.dynamoDb(dynamoDb)) {
            createSale(http, api, tokens.admin(), saleId);
            RawReserveTransaction raw = new RawReserveTransaction(dynamo, tables, "bench-api-raw-" + tag, shards);
            raw.seed(dynamo);
            URI reservations = api.resolve("/sales/" + saleId + "/reservations");
            Map<String, String> firstAnswers = new ConcurrentHashMap<>();
            ClosedLoop.Operation reserve = n -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(reservations)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + tokens.customer("api-" + tag + "-" + n))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "api-" + tag + "-" + n)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                String status = Integer.toString(response.statusCode());
                if (!status.equals(CREATED)) {
                    firstAnswers.putIfAbsent(status, response.body());
                }
                return status;
            };
            ClosedLoop.Operation transaction = n -> {
                raw.run(n);
                return RAW_OK;
            };
            AtomicLong sequence = new AtomicLong();
            Duration round = Duration.ofMillis(Math.round(seconds * 1000));
            if (warmup > 0) {
                Duration warm = Duration.ofMillis(Math.round(warmup * 1000));
                ClosedLoop.Measurement a = ClosedLoop.run("warm-api", connections, warm, CREATED, sequence, reserve, Map.of());
                ClosedLoop.Measurement r = ClosedLoop.run("warm-raw", connections, warm, RAW_OK, sequence, transaction, Map.of());
                out.printf("  warm-up  %-34s %8.0f ops/s %s%n", API, a.opsPerSecond(), a.outcomes());
                out.printf("  warm-up  %-34s %8.0f ops/s %s%n", RAW, r.opsPerSecond(), r.outcomes());
            }
            Map<String, List<ClosedLoop.Measurement>> results = new LinkedHashMap<>();
            results.put(API, new ArrayList<>());
            results.put(RAW, new ArrayList<>());
            for (int k = 0; k < rounds; k++) {
                List<String> order = k % 2 == 0 ? List.of(API, RAW) : List.of(RAW, API);
                for (String kind : order) {
                    ClosedLoop.Measurement m = kind.equals(API)
                            ? ClosedLoop.run(kind, connections, round, CREATED, sequence, reserve, cpu)
                            : ClosedLoop.run(kind, connections, round, RAW_OK, sequence, transaction, cpu);
                    results.get(kind).add(m);
                    out.printf("  round %d  %-34s %8.0f ops/s %s%n", k + 1, kind, m.opsPerSecond(), m.outcomes());
                }
            }
            Result result = new Result(results, null);
            print(out, result, cpu.keySet());
            firstAnswers.forEach((status, body) -> out.println("  first " + status + " answer: " + body));
            return result;
        }
    }

    /** The sale, as an admin creates one: big enough not to sell out, one unit per shopper, open for a day. */
    private void createSale(HttpClient http, URI api, String adminToken, String saleId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = "{\"saleId\":\"" + saleId + "\",\"sku\":\"BENCH-API\",\"title\":\"API bench phone\","
                + "\"price\":{\"amount\":\"199.00\",\"currency\":\"EUR\"},\"stock\":10000000,\"perCustomerLimit\":1,"
                + "\"opensAt\":\"" + now.minusSeconds(60) + "\",\"closesAt\":\"" + now.plus(Duration.ofDays(1))
                + "\",\"holdSeconds\":600,\"shards\":" + shards + "}";
        try {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(api.resolve("/admin/sales"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("POST /admin/sales answered " + created.statusCode() + ": " + created.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("POST /admin/sales failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void print(PrintStream out, Result result, java.util.Set<String> processes) {
        out.println();
        StringBuilder header = new StringBuilder(String.format("%-34s", "kind"));
        for (int r = 1; r <= rounds; r++) {
            header.append(String.format(" %9s", "round " + r));
        }
        header.append(String.format(" %9s %8s %8s", "ops/s", "p50 ms", "p99 ms"));
        for (String p : processes) {
            header.append(String.format(" %13s", p + " CPU ms/op"));
        }
        header.append("  answers");
        out.println(header);
        out.println("-".repeat(header.length() + 12));
        for (String kind : List.of(API, RAW)) {
            List<ClosedLoop.Measurement> ms = result.rounds().get(kind);
            StringBuilder line = new StringBuilder(String.format("%-34s", kind));
            ms.forEach(m -> line.append(String.format(" %9.0f", m.opsPerSecond())));
            Histogram h = result.latency(kind);
            line.append(String.format(" %9.0f %8.1f %8.1f", result.opsPerSecond(kind),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0));
            long ops = ms.stream().mapToLong(m -> m.outcomes().values().stream().mapToLong(Long::longValue).sum()).sum();
            for (String p : processes) {
                long nanos = ms.stream().mapToLong(m -> m.cpuNanos().getOrDefault(p, -1L)).sum();
                line.append(nanos < 0 || ops == 0 ? String.format(" %13s", "-") : String.format(" %13.2f", nanos / 1e6 / ops));
            }
            line.append("  ").append(result.outcomes(kind).entrySet().stream()
                    .map(e -> e.getKey() + " x " + e.getValue()).collect(Collectors.joining(", ")));
            out.println(line);
        }
        out.println("(ops/s = answers 201 (API) or transactions committed (raw) over the measured seconds, all rounds; "
                + "latency = one call as the caller saw it; CPU ms/op = the process's CPU time (/proc) over the calls)");
        double ratio = result.ratio();
        out.println();
        out.printf("api / raw transaction = %.2f (target >= %.2f: %s)%n", ratio, TARGET_RATIO,
                ratio >= TARGET_RATIO ? "met" : "not met");
        long failed = result.failed(API) + result.failed(RAW);
        if (failed > 0) {
            out.printf("this run had ERRORS: %d API answers other than 201, %d raw transactions failed%n",
                    result.failed(API), result.failed(RAW));
        }
    }

    /** /proc/loadavg's 1, 5 and 15-minute figures, or "?" off Linux. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temporary directory left behind
        }
    }
}
