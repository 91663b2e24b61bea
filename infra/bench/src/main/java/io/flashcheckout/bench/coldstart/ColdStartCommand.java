package io.flashcheckout.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.bench.Machine;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Benchmark 3, cold start: a fresh JVM to the first reserve answered, through the reserve function's real Lambda
 * handler ({@code ReserveHandler}: Micronaut for DI and configuration) against a framework-free handler
 * ({@link PlainReserveHandler}); and the first invocation after SnapStart's priming path (the handler built, the
 * CRaC {@code beforeCheckpoint} work done, then the request).
 *
 * <p>This JVM starts DynamoDB Local and ElasticMQ once ({@link LocalStack}: the template's tables and queues),
 * creates a sale and warms the backends up; then each round launches one child JVM per variant (alternating
 * which goes first), with the flags of Lambda's java21 runtime for the configured memory, the function's
 * environment variables (as the template sets them; HS256 instead of Cognito's keys), and the classpath of the
 * function alone: the Lambda jar and {@link ColdStartDriver} for the real handler. The time is from just before
 * the process is launched to the driver's line with the answer's status (which must be 201).
 */
@Command(name = "cold-start", mixinStandardHelpOptions = true,
        description = "A fresh JVM to the first reserve answered: the real Lambda handler vs a framework-free one.")
public final class ColdStartCommand implements Runnable {
    static final String PREFIX = "flash-checkout-bench-";
    static final String SALE_ID = "cold-start";
    static final String LAMBDA_HANDLER = "io.flashcheckout.http.ReserveHandler";
    static final String LAMBDA_JAR = "functions/target/functions-0.1.0-SNAPSHOT-lambda.jar";
    static final double TARGET_RATIO = 1.5;
    static final long TARGET_RSS_MIB = 150;

    /** How a child's classes are laid out. */
    enum Deployment {
        /** unpacked into one directory, as Lambda unpacks a deployment package into /var/task */
        EXTRACTED,
        /** the jars themselves on the classpath */
        JAR
    }

    /** Where the framework-free handler's classes come from. */
    enum PlainClasspath {
        /** only the jars such a function would ship: SDK DynamoDB, SQS and URL-connection client, lambda core/events, Nimbus */
        MINIMAL,
        /** the same Lambda jar as the real handler (Micronaut, logback, ... on the classpath, unused) */
        LAMBDA_JAR
    }

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds; each launches both variants (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "1", description = "rounds run first and not counted (page cache, backends; default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--memory-mb", defaultValue = "1024", description = "the function's memory; the heap is 85%% of it, as Lambda sets it (default ${DEFAULT-VALUE})")
    int memoryMb;

    @Option(names = "--lambda-jar", description = "the function's shaded jar (default: " + LAMBDA_JAR + " of the repository above the working directory)")
    Path lambdaJar;

    @Option(names = "--plain-classpath", defaultValue = "MINIMAL", description = "MINIMAL or LAMBDA_JAR (default ${DEFAULT-VALUE})")
    PlainClasspath plainClasspath;

    @Option(names = "--deployment", defaultValue = "EXTRACTED", description = "EXTRACTED (classes unpacked into one"
            + " directory, as Lambda runs a function from /var/task) or JAR (the jars on the classpath; default ${DEFAULT-VALUE})")
    Deployment deployment;

    @Option(names = "--diagnose", negatable = true, description = "also find where the time goes (class loading, AppCDS); by default only when a target is missed")
    Boolean diagnose;

    @Option(names = "--timeout-seconds", defaultValue = "120", description = "per child JVM (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--lambda-flags", split = " ", description = "extra JVM flags for the real handler's JVMs, e.g. to try -XX:SharedArchiveFile=... or a JFR recording")
    List<String> extraLambdaFlags = new ArrayList<>();

    @Option(names = "--keep-work", description = "keep the working directory (child logs, jars, archives) and print its path")
    boolean keepWork;

    private Path work;
    private Map<String, String> childEnv;
    private Path driverJar;
    private String plainJars;
    private String javaCommand;
    private LocalTokens tokens;
    private int customers;

    /** One child JVM's figures. */
    record Run(String variant, double totalMs, int status, double uptimeAtMainMs, double initMs, double primeMs,
               double firstInvokeMs, double uptimeAtAnswerMs, long peakRssKiB, long rssKiB, int loadedClasses, int stdoutLines) {}

    /**
     * One variant: the classpath it runs from (per {@link #deployment}), the same classes as jars (AppCDS archives
     * classes from jars only), its handler and JVM flags beyond Lambda's.
     */
    record Variant(String name, String classpath, String jars, String handler, List<String> flags) {}

    @Override
    public void run() {
        System.out.println("cold-start: " + Machine.describe());
        try {
            work = Files.createTempDirectory("flash-cold-start-");
            runAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (keepWork) {
                System.out.println("working directory kept: " + work);
            } else {
                deleteQuietly(work);
            }
        }
    }

    private void runAll() throws IOException {
        Path built = lambdaJar != null ? lambdaJar : findLambdaJar();
        // a copy: a build running meanwhile must not change the jar under the children
        Path jar = Files.copy(built, work.resolve(built.getFileName()));
        javaCommand = ProcessHandle.current().info().command().orElse("java");
        driverJar = classesJar("driver.jar", "ColdStartDriver");
        Path plainJar = classesJar("plain.jar", "PlainReserveHandler");
        String lambdaJars = jar.toAbsolutePath() + java.io.File.pathSeparator + driverJar;
        String plainLibs = plainClasspath == PlainClasspath.LAMBDA_JAR ? jar.toAbsolutePath().toString() : minimalLibraries();
        plainJars = plainJar + java.io.File.pathSeparator + driverJar + java.io.File.pathSeparator + plainLibs;
        String lambdaClasspath = deployed("task-lambda", lambdaJars);
        Variant lambda = new Variant("lambda", lambdaClasspath, lambdaJars, LAMBDA_HANDLER, List.copyOf(extraLambdaFlags));
        Variant plain = new Variant("plain", deployed("task-plain", plainJars), plainJars,
                PlainReserveHandler.class.getName(), List.of());
        Variant primed = new Variant("primed", lambdaClasspath, lambdaJars, LAMBDA_HANDLER + ColdStartDriver.PRIMED,
                List.copyOf(extraLambdaFlags));

        String secret = LocalTokens.generateSecret();
        tokens = new LocalTokens(secret, Clock.systemUTC());
        LocalStack.Settings settings = new LocalStack.Settings(0, 0, 0, 0, null, false, secret, PREFIX,
                () -> (event, context) -> APIGatewayV2HTTPResponse.builder().withStatusCode(404).build(),
                null, false, Duration.ofMinutes(1), null, null);
        long stock = 1_000L + 10L * (rounds + warmup + 4);
        try (LocalStack stack = LocalStack.start(settings)) {
            CheckoutTables tables = stack.tables();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            new DynamoSaleStore(stack.dynamoDbClient(), tables).create(new NewSale(SALE_ID, "COLD-START", "Cold start",
                    Money.of("199.00", "EUR"), stock, 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(1)),
                    600, null).validate(), now);
            childEnv = functionEnvironment(stack, secret);
            if (deployment == Deployment.EXTRACTED) {
                childEnv.put("LAMBDA_TASK_ROOT", lambdaClasspath);
            }
            warmBackends(stack);

            System.out.printf("child JVM: %s (%s)%n", javaCommand, Runtime.version());
            System.out.printf("child flags (Lambda java21 runtime, %d MB): %s%n", memoryMb, String.join(" ", lambdaFlags()));
            if (!lambda.flags().isEmpty()) {
                System.out.println("extra flags of the lambda variant: " + String.join(" ", lambda.flags()));
            }
            System.out.printf("lambda classes: a copy of %s (%.1f MB) + driver.jar (%d bytes)%n", built,
                    Files.size(jar) / 1e6, Files.size(driverJar));
            System.out.printf("plain classes (%s): %d jars, %.1f MB%n", plainClasspath,
                    plainJars.split(java.io.File.pathSeparator).length, sizeOf(plainJars) / 1e6);
            System.out.println(deployment == Deployment.EXTRACTED
                    ? "deployment: each variant's jars unpacked into one directory on the classpath, as Lambda runs a"
                    + " function from /var/task (--deployment JAR: the jars themselves)"
                    : "deployment: the jars themselves on the classpath (--deployment EXTRACTED: unpacked, as Lambda does)");
            System.out.printf("sale %s: %d units, 1 per customer; rounds: %d warm-up + %d measured, alternating order%n",
                    SALE_ID, stock, warmup, rounds);

            List<Run> lambdaRuns = new ArrayList<>();
            List<Run> plainRuns = new ArrayList<>();
            List<Run> primedRuns = new ArrayList<>();
            for (int round = -warmup; round < rounds; round++) {
                boolean lambdaFirst = Math.floorMod(round, 2) == 0;
                for (Variant v : lambdaFirst ? List.of(lambda, plain, primed) : List.of(plain, lambda, primed)) {
                    Run run = launch(v, List.of(), false);
                    System.out.println((round < 0 ? "  warm-up " : "  round " + (round + 1) + " ") + line(run));
                    if (round >= 0) {
                        (v == lambda ? lambdaRuns : v == plain ? plainRuns : primedRuns).add(run);
                    }
                }
            }
            boolean missed = report(lambdaRuns, plainRuns);
            reportPrimed(primedRuns, lambdaRuns);
            if (diagnose != null ? diagnose : missed) {
                diagnose(lambda, plain);
            }
            System.out.println("ratio target: lambda/plain <= " + TARGET_RATIO + "; RSS target: the function's JVM <= "
                    + TARGET_RSS_MIB + " MiB. SnapStart's restore itself (on AWS: published versions) is not measurable"
                    + " here: 'primed' is the first invocation of a JVM that did the snapshot's priming work.");
        }
    }

    /** Median and min per variant, the ratio and the memory; true if a target is missed. */
    private boolean report(List<Run> lambdaRuns, List<Run> plainRuns) {
        System.out.println();
        System.out.println("time to first reserve (ms, launch -> answer printed) and the child's own figures, median of "
                + rounds + " (min):");
        System.out.printf("  %-7s %16s %12s %12s %13s %14s %14s %14s %8s%n", "variant", "total", "jvm->main",
                "init", "1st invoke", "uptime@answer", "peak RSS MiB", "RSS MiB", "classes");
        for (List<Run> runs : List.of(lambdaRuns, plainRuns)) {
            System.out.printf("  %-7s %16s %12s %12s %13s %14s %14s %14s %8.0f%n", runs.get(0).variant(),
                    medMin(runs, Run::totalMs), medMin(runs, Run::uptimeAtMainMs), medMin(runs, Run::initMs),
                    medMin(runs, Run::firstInvokeMs), medMin(runs, Run::uptimeAtAnswerMs),
                    medMax(runs, r -> r.peakRssKiB() / 1024.0), medMax(runs, r -> r.rssKiB() / 1024.0),
                    median(runs, r -> (double) r.loadedClasses()));
        }
        System.out.println("  (memory columns: median (max)); classes: loaded when the stats line was printed");
        double ratio = median(lambdaRuns, Run::totalMs) / median(plainRuns, Run::totalMs);
        double ratioMin = min(lambdaRuns, Run::totalMs) / min(plainRuns, Run::totalMs);
        double peakMiB = max(lambdaRuns, r -> r.peakRssKiB() / 1024.0);
        boolean ratioOk = ratio <= TARGET_RATIO;
        boolean rssOk = peakMiB <= TARGET_RSS_MIB;
        System.out.printf("ratio lambda/plain: %.2f (medians), %.2f (mins) -> target <= %.1f: %s%n", ratio, ratioMin,
                TARGET_RATIO, ratioOk ? "MET" : "MISSED");
        System.out.printf("lambda peak RSS: %.0f MiB (max of %d) -> target <= %d MiB: %s%n", peakMiB, lambdaRuns.size(),
                TARGET_RSS_MIB, rssOk ? "MET" : "MISSED");
        System.out.printf("init (handler constructed): lambda %.0f ms vs plain %.0f ms; first invocation: lambda %.0f ms"
                        + " vs plain %.0f ms (medians)%n", median(lambdaRuns, Run::initMs), median(plainRuns, Run::initMs),
                median(lambdaRuns, Run::firstInvokeMs), median(plainRuns, Run::firstInvokeMs));
        return !(ratioOk && rssOk);
    }

    /** The first invocation after the SnapStart priming path, beside the cold one. */
    private void reportPrimed(List<Run> primedRuns, List<Run> lambdaRuns) {
        System.out.printf("first invocation after the SnapStart priming path (handler built, CRaC beforeCheckpoint and"
                        + " afterRestore run, then the request): %s ms, median (min) of %d; priming itself %s ms; the cold"
                        + " first invocation: %s ms%n", medMin(primedRuns, Run::firstInvokeMs), primedRuns.size(),
                medMin(primedRuns, Run::primeMs), medMin(lambdaRuns, Run::firstInvokeMs));
    }

    /**
     * Where the time goes: classes loaded per variant (one run each with -Xlog:class+load, up to the answer), then
     * what-ifs measured the same way: the real handler with eager singletons (Micronaut's Lambda context builder
     * makes every singleton of the jar at init), and each variant with an AppCDS archive of its classpath.
     */
    private void diagnose(Variant lambda, Variant plain) throws IOException {
        System.out.println();
        System.out.println("diagnosis:");
        Variant eager = new Variant("lambda-eager", lambda.classpath(), lambda.jars(), lambda.handler() + ColdStartDriver.EAGER,
                lambda.flags());
        String withMicronautJars = plain.jars() + java.io.File.pathSeparator + micronautCoreLibraries();
        Variant floor = new Variant("plain+micronaut", deployed("task-plain-micronaut", withMicronautJars), withMicronautJars,
                plain.handler() + ColdStartDriver.EMPTY_CONTEXT, plain.flags());
        for (Variant v : List.of(lambda, eager, plain, floor)) {
            Path log = work.resolve(v.name() + "-class-load.log");
            Run run = launch(v, List.of("-Xlog:class+load=info:file=" + log + ":uptime"), true);
            List<String> lines = Files.readAllLines(log);
            long shared = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
            Map<String, Long> byGroup = lines.stream().filter(l -> !l.contains("source: shared objects file"))
                    .map(ColdStartCommand::group).collect(Collectors.groupingBy(Function.identity(), TreeMap::new,
                            Collectors.counting()));
            System.out.printf("  %s: %d classes loaded up to the answer, %d of them from the JDK's CDS archive, %d"
                    + " parsed from jars and the JDK image (answer after %.0f ms with the log on)%n", v.name(),
                    lines.size(), shared, lines.size() - shared, run.totalMs());
            System.out.println("    parsed, by package: " + byGroup.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(16)
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }

        List<Variant> whatIfs = new ArrayList<>(List.of(lambda, eager, plain, floor));
        for (Variant v : List.of(lambda, eager, plain)) {
            Path archive = work.resolve(v.name() + "-app.jsa");
            Variant fromJars = new Variant(v.name(), v.jars(), v.jars(), v.handler(), v.flags());
            launch(fromJars, List.of("-XX:ArchiveClassesAtExit=" + archive), false);
            if (Files.exists(archive)) {
                List<String> flags = new ArrayList<>(v.flags());
                flags.add("-XX:SharedArchiveFile=" + archive);
                whatIfs.add(new Variant(v.name() + "+appcds", v.jars(), v.jars(), v.handler(), flags));
            } else {
                System.out.println("  no AppCDS archive was written for " + v.name());
            }
        }
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            for (Variant v : whatIfs) {
                runs.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(launch(v, List.of(), false));
            }
        }
        double plainMedian = median(runs.get(plain.name()), Run::totalMs);
        System.out.println("  what-ifs, 3 runs each interleaved: median (min) ms; ratio = median / plain's median here");
        System.out.printf("    %-19s %13s %13s %13s %7s %13s%n", "variant", "total", "init", "1st invoke", "ratio",
                "peak RSS MiB");
        runs.forEach((name, r) -> System.out.printf("    %-19s %13s %13s %13s %7.2f %13s%n", name, medMin(r, Run::totalMs),
                medMin(r, Run::initMs), medMin(r, Run::firstInvokeMs), median(r, Run::totalMs) / plainMedian,
                medMax(r, x -> x.peakRssKiB() / 1024.0)));
        System.out.println("    (lambda-eager: the handler on the context Micronaut's own Lambda builder makes, every singleton"
                + " at init; plain+micronaut: an empty Micronaut context started (core, inject, aop, context; no bean"
                + " of ours, no logging backend, no serde), then the plain handler; +appcds: -XX:SharedArchiveFile= a"
                + " dynamic archive from one training run, from the jars, as CDS archives only classes from jars)");
        double floorMedian = median(runs.get(floor.name()), Run::totalMs);
        double budget = (TARGET_RATIO - 1) * plainMedian;
        System.out.printf("  the floor with Micronaut kept for DI and configuration: plain+micronaut / plain = %.2f; the"
                        + " empty context alone takes %.0f of the %.0f ms the target (<= %.1f x plain) leaves above the plain"
                        + " handler; the function takes %.0f%n", floorMedian / plainMedian, floorMedian - plainMedian,
                budget, TARGET_RATIO, median(runs.get(lambda.name()), Run::totalMs) - plainMedian);
    }

    /** Launches one child JVM and waits for its answer and figures. */
    private Run launch(Variant variant, List<String> extraFlags, boolean halt) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(lambdaFlags());
        command.addAll(variant.flags());
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(variant.classpath());
        command.add(ColdStartDriver.class.getName());
        command.add(variant.handler());
        command.add(SALE_ID);
        String customer = "cold-start-shopper-" + (++customers);
        command.add(tokens.customer(customer));
        command.add("key-" + customer);
        if (halt) {
            command.add("halt");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(false)
                .redirectError(work.resolve("stderr-" + customers + ".txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(childEnv);

        CompletableFuture<Long> answeredAt = new CompletableFuture<>();
        CompletableFuture<String> stats = new CompletableFuture<>();
        int[] lines = {0};
        long launchedAt = System.nanoTime();
        Process child = builder.start();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.startsWith(ColdStartDriver.ANSWER)) {
                        answeredAt.complete(System.nanoTime());
                        stats.complete(halt ? ColdStartDriver.STATS + "status=" + l.substring(ColdStartDriver.ANSWER.length()).trim() : null);
                    } else if (l.startsWith(ColdStartDriver.STATS)) {
                        stats.obtrudeValue(l);
                    } else if (l.startsWith(ColdStartDriver.ERROR)) {
                        answeredAt.completeExceptionally(new IllegalStateException(l));
                    } else {
                        lines[0]++;
                    }
                }
            } catch (IOException e) {
                answeredAt.completeExceptionally(e);
            }
            answeredAt.completeExceptionally(new IllegalStateException("the child ended without an answer"));
        });
        try {
            long answered = answeredAt.get(timeoutSeconds, TimeUnit.SECONDS);
            if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new TimeoutException("the child did not exit");
            }
            reader.join(5_000);
            Map<String, String> fields = fields(stats.getNow(null));
            Run run = new Run(variant.name(), (answered - launchedAt) / 1e6, Integer.parseInt(fields.getOrDefault("status", "0")),
                    number(fields, "uptimeAtMainMs"), number(fields, "initMs"), number(fields, "primeMs"), number(fields, "firstInvokeMs"),
                    number(fields, "uptimeAtAnswerMs"), (long) number(fields, "vmHwmKiB"), (long) number(fields, "vmRssKiB"),
                    (int) number(fields, "loadedClasses"), lines[0]);
            if (run.status() != 201) {
                throw new IllegalStateException(variant.name() + " answered " + run.status() + " instead of 201: "
                        + fields.get("body"));
            }
            return run;
        } catch (Exception e) {
            child.destroyForcibly();
            String err = Files.exists(work.resolve("stderr-" + customers + ".txt"))
                    ? Files.readString(work.resolve("stderr-" + customers + ".txt")) : "";
            throw new IllegalStateException("the " + variant.name() + " child failed: " + e.getMessage()
                    + "\n--- its stderr (end) ---\n" + err.substring(Math.max(0, err.length() - 4000)), e);
        }
    }

    /**
     * The command line Lambda's java21 runtime starts the JVM with, for {@link #memoryMb} (no Log4j hot-patch agent).
     * {@code MaxRAM}: in Lambda the JVM sees the function's memory as the machine's, and sizes its initial heap from
     * it (1/64); on this 24 GiB host it would start with a 384 MB heap and never collect during a cold start.
     */
    List<String> lambdaFlags() {
        long heapKiB = Math.round(memoryMb * 1024L * 0.85);
        return List.of("-XX:MaxRAM=" + memoryMb + "m", "-XX:MaxHeapSize=" + heapKiB + "k", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr", "-Daws.disableEc2Metadata=true");
    }

    /** The environment Lambda gives the reserve function: its own variables and the template's, pointed at the local backends. */
    private Map<String, String> functionEnvironment(LocalStack stack, String secret) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
        env.put("LAMBDA_TASK_ROOT", work.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", PREFIX + "reserve");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        env.put("FLASH_CHECKOUT_TABLES_PREFIX", PREFIX);
        env.put("FLASH_CHECKOUT_QUEUES_PREFIX", PREFIX);
        for (QueueNames q : QueueNames.all()) {
            env.put("FLASH_CHECKOUT_QUEUES_" + q.name() + "_URL", stack.queueUrls().get(q.name(PREFIX)));
        }
        env.put("FLASH_CHECKOUT_PSP_URL", stack.pspUri().toString());
        env.put("FLASH_CHECKOUT_PSP_API_KEY", stack.pspApiKey());
        env.put("FLASH_CHECKOUT_STAGE", "bench");
        env.put("FLASH_CHECKOUT_METRICS_NAMESPACE", "FlashCheckout");
        env.put("POWERTOOLS_SERVICE_NAME", "flash-checkout");
        env.put("FLASH_CHECKOUT_DYNAMODB_ENDPOINT", stack.dynamoDbEndpoint().toString());
        env.put("FLASH_CHECKOUT_SQS_ENDPOINT", stack.sqsEndpoint().toString());
        env.put("FLASH_CHECKOUT_JWT_SECRET", secret);
        return env;
    }

    /** DynamoDB Local's and ElasticMQ's own JIT warm-up, so the children do not pay for it: reserves run in this JVM. */
    private void warmBackends(LocalStack stack) {
        Map<String, String> config = new LinkedHashMap<>(childEnv);
        PlainReserveHandler handler = new PlainReserveHandler(config);
        for (int i = 0; i < 200; i++) {
            String customer = "warm-up-" + i;
            int status = handler.handleRequest(ColdStartDriver.reserveEvent(SALE_ID, tokens.customer(customer),
                    "key-" + customer), null).getStatusCode();
            if (status != 201) {
                throw new IllegalStateException("warm-up reserve answered " + status);
            }
        }
        Map<String, AttributeValue> shard = stack.dynamoDbClient().getItem(b -> b.tableName(stack.tables().sales())
                .key(Map.of("pk", AttributeValue.fromS("STOCK#" + SALE_ID + "#0")))).item();
        String available = shard == null || !shard.containsKey("available") ? "?" : shard.get("available").n();
        System.out.println("backends warmed up: 200 reserves in this JVM (shard 0 now holds " + available + ")");
    }

    /** The lambda jar of the repository: looked for from the working directory upwards. */
    static Path findLambdaJar() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve(LAMBDA_JAR);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException(LAMBDA_JAR + " not found above " + Path.of("").toAbsolutePath()
                + ": build it (./mvnw -B -q -o install -DskipTests) or pass --lambda-jar");
    }

    /** A jar of this package's classes named {@code <simpleName>*.class}, so a child classpath holds them and nothing else. */
    private Path classesJar(String name, String simpleName) throws IOException {
        Path jar = work.resolve(name);
        String packagePath = ColdStartCommand.class.getPackageName().replace('.', '/') + "/";
        Path source;
        try {
            source = Path.of(ColdStartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.list(source.resolve(packagePath))) {
                for (Path f : files.toList()) {
                    String file = f.getFileName().toString();
                    if (file.endsWith(".class") && (file.equals(simpleName + ".class") || file.startsWith(simpleName + "$"))) {
                        classes.put(packagePath + file, Files.readAllBytes(f));
                    }
                }
            }
        } else {
            try (JarFile in = new JarFile(source.toFile())) {
                for (JarEntry e : in.stream().toList()) {
                    String file = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                    if (e.getName().startsWith(packagePath) && (file.equals(simpleName + ".class") || file.startsWith(simpleName + "$"))) {
                        try (InputStream s = in.getInputStream(e)) {
                            classes.put(e.getName(), s.readAllBytes());
                        }
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes " + simpleName + "* under " + source);
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey()));
                out.write(c.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Per {@link #deployment}: the jars unpacked into {@code work/<dir>} (the one classpath entry), or the jars. */
    private String deployed(String dir, String jars) throws IOException {
        if (deployment == Deployment.JAR) {
            return jars;
        }
        List<Path> paths = java.util.Arrays.stream(jars.split(java.io.File.pathSeparator)).map(Path::of).toList();
        return ExtractedDeployment.unpack(paths, work.resolve(dir)).toString();
    }

    /** Micronaut's DI and configuration alone (core, inject, aop, context and what they need), from this JVM's classpath. */
    static String micronautCoreLibraries() {
        List<String> wanted = List.of("/io/micronaut/micronaut-core/", "/io/micronaut/micronaut-inject/",
                "/io/micronaut/micronaut-aop/", "/io/micronaut/micronaut-context/", "/io/micronaut/micronaut-context-propagation/",
                "/jakarta/inject/jakarta.inject-api/", "/jakarta/annotation/jakarta.annotation-api/");
        return jarsOnThisClasspath(wanted, "/io/micronaut/micronaut-context/", "micronaut-context is not on this JVM's classpath");
    }

    /** The jars a framework-free reserve function ships, taken from this JVM's classpath (the same versions). */
    static String minimalLibraries() {
        List<String> sdk = List.of("annotations", "utils", "utils-lite", "sdk-core", "aws-core", "auth", "regions",
                "profiles", "http-client-spi", "metrics-spi", "endpoints-spi", "identity-spi", "http-auth-spi",
                "http-auth", "http-auth-aws", "http-auth-aws-eventstream", "checksums-spi", "checksums", "retries-spi",
                "retries", "json-utils", "third-party-jackson-core", "protocol-core", "aws-json-protocol",
                "aws-query-protocol", "dynamodb", "sqs", "url-connection-client");
        List<String> wanted = new ArrayList<>(List.of("/com/amazonaws/aws-lambda-java-core/",
                "/com/amazonaws/aws-lambda-java-events/", "/com/nimbusds/nimbus-jose-jwt/", "/org/slf4j/slf4j-api/",
                "/org/reactivestreams/reactive-streams/"));
        sdk.forEach(artifact -> wanted.add("/software/amazon/awssdk/" + artifact + "/"));
        return jarsOnThisClasspath(wanted, "/software/amazon/awssdk/dynamodb/",
                "the AWS SDK's jars are not on this JVM's classpath; use --plain-classpath=LAMBDA_JAR");
    }

    /**
     * The jars of this JVM's classpath whose path holds one of {@code wanted} (Maven repository folders, so the
     * same versions), joined as a classpath; refused with {@code missing} when none holds {@code required}.
     */
    private static String jarsOnThisClasspath(List<String> wanted, String required, String missing) {
        List<String> picked = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            if (path.endsWith(".jar") && wanted.stream().anyMatch(path::contains)) {
                picked.add(entry);
            }
        }
        if (picked.stream().noneMatch(p -> p.replace('\\', '/').contains(required))) {
            throw new IllegalStateException(missing);
        }
        return String.join(java.io.File.pathSeparator, picked);
    }

    private static String group(String classLoadLine) {
        String line = classLoadLine.startsWith("[") ? classLoadLine.substring(classLoadLine.indexOf(']') + 1).trim() : classLoadLine;
        String name = line.split(" ", 2)[0];
        String[] parts = name.split("\\.");
        int depth = name.startsWith("software.amazon.awssdk.services.") ? 5 : name.startsWith("io.micronaut.") ? 3 : 2;
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(depth, Math.max(1, parts.length - 1))));
    }

    private static String line(Run r) {
        return String.format("%-6s %7.0f ms total (jvm->main %4.0f, init %5.0f, 1st invoke %5.0f; uptime@answer %5.0f)"
                        + " status %d, peak RSS %3.0f MiB, RSS %3.0f MiB, %5d classes, %d log lines", r.variant(),
                r.totalMs(), r.uptimeAtMainMs(), r.initMs(), r.firstInvokeMs(), r.uptimeAtAnswerMs(), r.status(),
                r.peakRssKiB() / 1024.0, r.rssKiB() / 1024.0, r.loadedClasses(), r.stdoutLines());
    }

    private static Map<String, String> fields(String statsLine) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (statsLine == null) {
            return fields;
        }
        for (String pair : statsLine.substring(ColdStartDriver.STATS.length()).split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        String line = statsLine;
        int body = line.indexOf(" body=");
        if (body >= 0) {
            fields.put("body", line.substring(body + 6));
        }
        return fields;
    }

    private static double number(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    private static long sizeOf(String classpath) {
        long total = 0;
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            try {
                total += Files.size(Path.of(entry));
            } catch (IOException e) {
                // not there: not counted
            }
        }
        return total;
    }

    static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double min(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    static double max(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private static String medMin(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return String.format("%.0f (%.0f)", median(runs, f), min(runs, f));
    }

    private static String medMax(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return String.format("%.0f (%.0f)", median(runs, f), max(runs, f));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
