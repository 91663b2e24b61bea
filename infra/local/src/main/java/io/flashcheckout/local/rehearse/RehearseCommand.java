package io.flashcheckout.local.rehearse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code rehearse}: a flash sale against the embedded stack (started for it) or any deployment's API; prints the
 * report, writes it as HTML, and exits 0 only if every invariant holds.
 */
@Command(name = "rehearse", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {MergeCommand.class, CeilingCommand.class},
        description = {"Rehearses a flash sale: a crowd of shoppers races for the stock of a sale created for the "
                + "rehearsal, reserves (some again with the same Idempotency-Key), pays (approved, declined, timing "
                + "out), cancels or walks away. Then it waits for every order to settle and checks DESIGN.md's "
                + "invariants 1-6 through the API and, where it can reach them, the tables and the PSP's ledger.",
                "Without --api it starts the embedded stack (DynamoDB Local, ElasticMQ, the PSP simulator, the "
                        + "API and the workers) on free ports. Exit code 0 when every invariant holds, 1 otherwise."})
public final class RehearseCommand implements Callable<Integer> {
    private static final int MAX_LETTERS_SHOWN = 20;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "A real sale's story as a rehearsal, with its own options and targets (PASS/FAIL beside the "
                    + "six invariants): ${COMPLETION-CANDIDATES}. See the README's \"Scenarios\". The other options are "
                    + "the scenario's, except a deployment's (--api and the rest): then it runs against that deployment "
                    + "(lazada-outage cannot; store-closing needs --close-the-store).",
            completionCandidates = Scenarios.Names.class)
    String scenario;

    @Option(names = "--scenario-size", defaultValue = "full", paramLabel = "full|ci",
            description = "With --scenario: full (the story's own size) or ci (scaled down to run in a test). Default: ${DEFAULT-VALUE}")
    String scenarioSize;

    /** What a scenario adds to the rehearsal: faults, watches, targets. None without --scenario. */
    ScenarioHooks hooks = ScenarioHooks.NONE;

    @Option(names = "--shoppers", defaultValue = "60542", description = "Shoppers in the crowd. Default: ${DEFAULT-VALUE}")
    int shoppers;

    @Option(names = "--stock", defaultValue = "5000", description = "Units on sale. Default: ${DEFAULT-VALUE}")
    long stock;

    @Option(names = "--limit", defaultValue = "2", description = "Units per customer. Default: ${DEFAULT-VALUE}")
    int limit;

    @Option(names = "--shards", description = "Stock shards. Default: the checkout's choice for the stock")
    Integer shards;

    @Option(names = "--hold-seconds", defaultValue = "60",
            description = "How long a reservation holds its units (60-900). Default: ${DEFAULT-VALUE}")
    int holdSeconds;

    @Option(names = "--curve", defaultValue = "burst",
            description = "Arrivals: burst (the rate halves every --half-life seconds) or flat. Default: ${DEFAULT-VALUE}")
    String curve;

    @Option(names = "--half-life", defaultValue = "2", description = "Seconds, for the burst curve. Default: ${DEFAULT-VALUE}")
    double halfLife;

    @Option(names = "--window", defaultValue = "30",
            description = "Seconds after the opening within which every shopper arrives. Default: ${DEFAULT-VALUE}")
    double window;

    @Option(names = "--retry-share", defaultValue = "0.10",
            description = "Shoppers who send their reservation again with the same Idempotency-Key. Default: ${DEFAULT-VALUE}")
    double retryShare;

    @Option(names = "--greedy-share", defaultValue = "0.05",
            description = "Shoppers who ask for the whole limit again under a second key. Default: ${DEFAULT-VALUE}")
    double greedyShare;

    @Option(names = "--pay-share", defaultValue = "0.55",
            description = "Of those who reserve: pay with an approving token. Default: ${DEFAULT-VALUE}")
    double payShare;

    @Option(names = "--decline-share", defaultValue = "0.10", description = "... pay, are declined, and pay again with another card. Default: ${DEFAULT-VALUE}")
    double declineShare;

    @Option(names = "--timeout-share", defaultValue = "0.05",
            description = "... pay and the provider never answers. Default: ${DEFAULT-VALUE}")
    double timeoutShare;

    @Option(names = "--refund-share", defaultValue = "0.05",
            description = "... pay, then cancel: the charge is refunded. Default: ${DEFAULT-VALUE}")
    double refundShare;

    @Option(names = "--cancel-share", defaultValue = "0.10",
            description = "... cancel. The rest walk away and let the hold expire. Default: ${DEFAULT-VALUE}")
    double cancelShare;

    @Option(names = "--seed", defaultValue = "42", description = "The crowd's random seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = {"--safety-cap", "--in-flight"}, defaultValue = "128", paramLabel = "REQUESTS",
            description = "The open model sends each request when it is due; this caps the requests open at once as a "
                    + "safety net: a request over the cap waits for a free slot and that wait counts in its latency (the "
                    + "report says how often the cap was reached). The embedded stack has no concurrency limit of its own "
                    + "(Lambda has: reserved concurrency) and DynamoDB Local, which serialises transactions, times out "
                    + "waiting for its lock beyond about a hundred at once; against a deployment raise it (e.g. 2048). "
                    + "Default: ${DEFAULT-VALUE}")
    int safetyCap;

    @Option(names = "--same-jvm",
            description = "Run the embedded stack in this JVM, with the crowd, for a quick look. Default: the stack runs "
                    + "in a JVM of its own (--throttle always runs it here: the emulated caps sit in its clients).")
    boolean sameJvm;

    @Option(names = "--slice", paramLabel = "I/N", converter = SliceConverter.class,
            description = "Send only slice I of N of the crowd (shopper k is in slice k mod N + 1), the same crowd "
                    + "for the same --seed: run every slice (other JVMs, machines, Lambda) with the same --sale-id and "
                    + "--opens-at against one --api, each with --out, then `rehearse merge` their directories. A slice "
                    + "writes its files and does not audit; the merge does, once.")
    SliceFiles.Slice slice;

    @Option(names = "--sale-id", paramLabel = "ID",
            description = "The rehearsed sale's id (slices of one rehearsal share it). Default: rehearsal-<UTC time>")
    String saleId;

    @Option(names = "--opens-at", paramLabel = "INSTANT",
            description = "When the sale opens, e.g. 2026-12-02T17:00:00Z (slices of one rehearsal share it). Default: "
                    + "in about 3 s")
    Instant opensAt;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write the traffic as files (HdrHistogram log, answers and per-second CSV, slice.json) "
                    + "for `rehearse merge`. Required with --slice.")
    Path outDir;

    @Option(names = "--max-seconds", defaultValue = "1800",
            description = "Traffic stops after this many seconds, shopped or not. Default: ${DEFAULT-VALUE}")
    int maxSeconds;

    @Mixin
    AfterTheTraffic after;

    @Option(names = "--late-shoppers", defaultValue = "0",
            description = "Shoppers who come after the rush, evenly over --late-window seconds from --late-from, and, "
                    + "answered sold-out, press again every --late-retry-seconds until the window closes: with a crowd "
                    + "that mostly walks away (small --pay-share and the other shares), the rush's holds end together "
                    + "while they keep reserving. Default: ${DEFAULT-VALUE}")
    int lateShoppers;

    @Option(names = "--late-from", paramLabel = "SECONDS",
            description = "When the late shoppers start arriving, after the opening. Default: --hold-seconds minus 5")
    Double lateFrom;

    @Option(names = "--late-window", defaultValue = "60", paramLabel = "SECONDS",
            description = "Over how long they arrive, and until when (from --late-from) they keep pressing. Default: ${DEFAULT-VALUE}")
    double lateWindow;

    @Option(names = "--late-retry-seconds", defaultValue = "1", paramLabel = "SECONDS",
            description = "How long a late shopper waits after sold-out before pressing again. Default: ${DEFAULT-VALUE}")
    double lateRetrySeconds;

    @Option(names = "--throttle",
            description = "Embedded stack only: DynamoDB's per-partition write cap, emulated under the functions' "
                    + "DynamoDB client (ThrottlingHttpClient, as in the hot-partition benchmark): a write over its key's "
                    + "cap is answered as DynamoDB answers it (ThrottlingError / ProvisionedThroughputExceeded), so the "
                    + "SDK's, the checkout's and the workers' retries and backoff run as on AWS.")
    boolean throttle;

    @Option(names = "--partition-cap", defaultValue = "1000", paramLabel = "UNITS",
            description = "With --throttle: DynamoDB's write units a second per partition key. Default: ${DEFAULT-VALUE}")
    double partitionCap;

    @Option(names = "--throttle-scale", defaultValue = "100", paramLabel = "K",
            description = "With --throttle: the rehearsal stands for a sale K times bigger (stock, crowd, rates), so "
                    + "the keys all shoppers share (stock shards, the sale item, the byDue index partitions) are capped at "
                    + "--partition-cap / K; keys of one shopper, order or refund keep --partition-cap. The rehearsal runs "
                    + "in real time (no clock factor), so K must bring shards x cap / K / 2 reservations a second under "
                    + "what this machine serves. Default: ${DEFAULT-VALUE}")
    double throttleScale;

    @Option(names = "--burst", defaultValue = "0.1", paramLabel = "SECONDS",
            description = "With --throttle: seconds of its cap a key's bucket holds. Default: ${DEFAULT-VALUE}")
    double burstSeconds;

    @Option(names = "--transaction-units", defaultValue = "2", paramLabel = "UNITS",
            description = "With --throttle: write units per item of a TransactWriteItems (DynamoDB bills 2). Default: ${DEFAULT-VALUE}")
    double transactionUnits;

    @Option(names = "--admission", defaultValue = "none", paramLabel = "MODE",
            description = "none, or queue: the sale has a waiting room; shoppers join, poll with the Retry-After they are "
                    + "given and reserve when admitted. Default: ${DEFAULT-VALUE}")
    String admission;

    @Option(names = "--admission-rate", defaultValue = "20", paramLabel = "N",
            description = "With --admission queue: shoppers admitted a second. Default: ${DEFAULT-VALUE}")
    int admissionRate;

    @Option(names = "--pre-queue-seconds", defaultValue = "60", paramLabel = "SECONDS",
            description = "With --admission queue: the pre-queue window before the opening. Default: ${DEFAULT-VALUE}")
    int preQueueSeconds;

    @Option(names = "--pre-queue-share", defaultValue = "0.3",
            description = "With --admission queue: shoppers who join in the pre-queue (random ranks). Default: ${DEFAULT-VALUE}")
    double preQueueShare;

    @Option(names = "--scalper-share", defaultValue = "0.1",
            description = "With --admission queue: shoppers who are scalpers' accounts (they all pay). Default: ${DEFAULT-VALUE}")
    double scalperShare;

    @Option(names = "--scalper-accounts", defaultValue = "10",
            description = "Accounts per scalper. Default: ${DEFAULT-VALUE}")
    int scalperAccounts;

    @Option(names = "--scalper-cards", defaultValue = "2",
            description = "Cards per scalper (payment tokens tok_approve_<card>). Default: ${DEFAULT-VALUE}")
    int scalperCards;

    private Scalpers scalpers;

    @Option(names = "--channels", paramLabel = "NAME:STOCK,...",
            description = "The Poco M3 story (ChannelStory) on the embedded stack in this JVM: a sale on these channels "
                    + "(e.g. lazada:20000,akulaku:10000,mi:20000), --shoppers split over them, a first wave, the review "
                    + "scored against the planted scalpers (--scalpers), their cancel and refunds, and a second wave for "
                    + "the units that came back. Prints PASS/FAIL lines; exit 0 when all pass.")
    String channels;

    @Option(names = "--scalpers",
            description = "With --channels: plant scalpers (--scalper-share, --scalper-accounts, --scalper-cards), one "
                    + "address each.")
    boolean plantScalpers;

    @Option(names = "--report", defaultValue = "target/rehearsal/report.html", paramLabel = "FILE",
            description = "Where the HTML report goes. Default: ${DEFAULT-VALUE}")
    Path report;

    @ArgGroup(exclusive = false, heading = "%nAnother deployment (without these, the embedded stack):%n")
    Deployment remote;

    @Spec
    CommandSpec spec;

    /** The DynamoDB capacity the stack consumed so far, when it is measured (the stack in its own JVM); else null. */
    private Supplier<Map<String, Object>> capacity = () -> null;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (scenario != null) {
            return Scenarios.run(scenario, scenarioSize, report, remote, out, err);
        }
        if (channels != null) {
            try {
                ChannelStory.Options story = new ChannelStory.Options(ChannelStory.Options.parseChannels(channels), shoppers,
                        plantScalpers ? scalperShare : 0, scalperAccounts, scalperCards, seed);
                if (remote == null) {
                    return ChannelStory.run(story, out);
                }
                try (StoryStage stage = remote.stage("--channels")) {
                    return ChannelStory.run(story, stage, out);
                }
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        Crowd crowd;
        SaleSpec sale;
        ThrottledFunctions.Caps caps;
        SliceFiles.Slice part = slice == null ? SliceFiles.Slice.WHOLE : slice;
        try {
            ArrivalCurve arrivals = new ArrivalCurve(ArrivalCurve.shape(curve), halfLife, window);
            Crowd.Late late = new Crowd.Late(lateShoppers, lateFrom != null ? lateFrom : Math.max(0, holdSeconds - 5),
                    lateWindow, lateRetrySeconds);
            crowd = Crowd.draw(shoppers, limit, arrivals,
                    new Crowd.Shares(retryShare, greedyShare, payShare, declineShare, timeoutShare, refundShare, cancelShare),
                    late, seed);
            if (throttle && remote != null) {
                throw new IllegalArgumentException("--throttle emulates DynamoDB's caps in the embedded stack: not with --api");
            }
            if (safetyCap < 1) {
                throw new IllegalArgumentException("--safety-cap must be at least 1");
            }
            if (maxSeconds < 1 || maxSeconds > 86_400) {
                throw new IllegalArgumentException("--max-seconds must be between 1 and 86400");
            }
            if (slice != null && (remote == null || outDir == null || saleId == null || opensAt == null)) {
                throw new IllegalArgumentException("--slice needs --api (one stack all slices reach), --out, and the "
                        + "--sale-id and --opens-at every slice of the rehearsal shares");
            }
            caps = throttle ? new ThrottledFunctions.Caps(partitionCap, throttleScale, burstSeconds, transactionUnits) : null;
            String id = saleId != null ? saleId
                    : "rehearsal-" + DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
            if (!id.matches("[A-Za-z0-9-]{1,64}")) {
                throw new IllegalArgumentException("--sale-id: letters, digits and '-', at most 64");
            }
            sale = new SaleSpec(id, stock, limit, holdSeconds, shards, "199.00");
            if ("queue".equals(admission)) {
                if (slice != null) {
                    throw new IllegalArgumentException("--admission queue runs whole, not as --slice: the pre-queue "
                            + "joins and the room's figures need the whole crowd in one driver");
                }
                scalpers = Scalpers.among(crowd, scalperShare, scalperAccounts, scalperCards, seed);
                crowd = scalpers.payingCrowd(crowd);
                sale = sale.withAdmission("{\"mode\":\"queue\",\"ratePerSecond\":" + admissionRate
                        + ",\"preQueueSeconds\":" + preQueueSeconds + "}");
                out.printf("  waiting room: %d admitted a second, pre-queue %d s (%.0f%% of the crowd join in it), "
                        + "%d scalpers with %d accounts and %d cards each%n", admissionRate, preQueueSeconds, preQueueShare * 100,
                        scalpers.people(), scalperAccounts, scalperCards);
            } else if (!"none".equals(admission)) {
                throw new IllegalArgumentException("--admission is none or queue");
            }
            out.printf("Rehearsing %s%s: %,d shoppers, %,d units, limit %d, arrivals %s, seed %d%n", id,
                    slice == null ? "" : " (slice " + slice + ": " + crowd.slice(part).size() + " shoppers)", shoppers,
                    stock, limit, arrivals, seed);
            if (late.count() > 0) {
                out.printf(java.util.Locale.ROOT, "  + %,d late shoppers from %.0f s to %.0f s after the opening, pressing "
                        + "again every %.1f s while sold out%n", late.count(), late.fromSeconds(),
                        late.fromSeconds() + late.windowSeconds(), late.retrySeconds());
            }
            if (caps != null) {
                out.println("  throttled: " + caps.describe(saleShards()));
            }
            out.flush();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Rehearsal.Limits limits = new Rehearsal.Limits(Duration.ofSeconds(maxSeconds), after.settle(),
                after.recoveryInterval());
        if (remote == null && (sameJvm || throttle)) {
            quietCheckoutLogs();
            out.println("Starting the embedded stack in this JVM...");
            out.flush();
            LocalStack.Settings settings = LocalStack.Settings.defaults(LocalTokens.generateSecret())
                    .withPorts(0, 0, 0, 0).withDemoSale(false).withAccessLog(null);
            try (ThrottledFunctions throttled = caps == null && hooks.functionsDynamoDb() == null ? null
                    : new ThrottledFunctions(caps, hooks.functionsDynamoDb());
                 WorkerFailures failures = WorkerFailures.attach();
                 LocalStack stack = throttled == null ? LocalStack.start(settings)
                         : LocalStack.start(settings.withHandler(throttled::apiHandler), throttled::workers)) {
                LocalTokens tokens = stack.tokens();
                Target target = new Target("the embedded stack in the crowd's JVM (" + stack.apiUri() + ")", stack.apiUri(),
                        s -> tokens.customer(s.customerId()), tokens.admin(), stack.pspUri(), stack.pspApiKey(),
                        stack.dynamoDbClient(), stack.tables());
                // the sale is created uncapped (its shards are new keys), then the caps start, all buckets full
                Runnable saleCreated = throttled == null ? () -> {} : () -> throttled.enable(stack.dynamoDbClient(), stack.tables());
                hooks.started(stack);
                return rehearse(target, sale, crowd, limits, out, saleCreated,
                        () -> queueFindings(stack, caps == null ? null : throttled, failures));
            }
        }
        if (remote == null) {
            try (StackProcess stack = StackProcess.start(report.resolveSibling("stack.log"), out);
                 DynamoDbClient dynamo = LocalAws.dynamoDb(stack.dynamoDb())) {
                LocalTokens tokens = new LocalTokens(stack.jwtSecret(), Clock.systemUTC());
                Target target = new Target("the embedded stack in its own JVM (pid " + stack.pid() + ", " + stack.api() + ")",
                        stack.api(), s -> tokens.customer(s.customerId()), tokens.admin(), stack.psp(),
                        Deployment.DEFAULT_PSP_API_KEY, dynamo, CheckoutTables.withPrefix(stack.prefix()));
                capacity = stack::capacity;
                return rehearse(target, sale, crowd, limits, out, () -> {}, () -> queueFindings(stack));
            }
        }
        Target target;
        try {
            target = remote.target();
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (DynamoDbClient dynamo = target.dynamo()) {
            return rehearse(target, sale, crowd, limits, out, () -> {}, () -> null);
        }
    }

    /**
     * Creates the sale, sends the crowd (or this slice of it), writes the traffic to --out if asked; then, unless this
     * is a slice, settles, audits and reports.
     *
     * @param saleCreated runs once the sale exists, before it opens
     * @param queues      read after the audit: the throttle, the workers' failures, the queues; null when out of reach
     */
    private int rehearse(Target target, SaleSpec sale, Crowd crowd, Rehearsal.Limits limits, PrintWriter out,
                         Runnable saleCreated, Supplier<QueueFindings> queues) throws InterruptedException, IOException {
        SliceFiles.Slice part = slice == null ? SliceFiles.Slice.WHOLE : slice;
        Rehearsal.Outcome outcome;
        try (Storefront api = new Storefront(target.api(), safetyCap, Duration.ofSeconds(30));
             ProgressBars progress = new ProgressBars(System.err)) {
            Rehearsal rehearsal = new Rehearsal(target, api, limits, saleCreated, Math.round(lateRetrySeconds * 1000));
            QueueJourney room = sale.admissionJson() == null ? null : new QueueJourney(api, sale.saleId(), scalpers, preQueueShare);
            if (room != null && target.dynamo() != null && target.tables() != null) {
                room.watchShelf(new io.flashcheckout.store.dynamodb.DynamoSaleStore(target.dynamo(), target.tables()));
            }
            if (room != null) {
                // the pre-queue joins between the sale's creation and its opening
                rehearsal.admitThrough(room, Duration.ofSeconds(Math.min(preQueueSeconds, PRE_QUEUE_LEAD_SECONDS)));
            }
            Instant opening = opensAt != null ? opensAt : rehearsal.opening();
            hooks.opening(opening, target, sale);
            rehearsal.createSale(sale, opening);
            if (room != null) {
                room.preJoinAll(crowd, target.tokens());
            }
            Rehearsal.Traffic traffic = rehearsal.shop(sale, crowd.slice(part), opening, progress);
            if (outDir != null) {
                SliceFiles.write(outDir, sale, opening, seed, part, crowd.shoppers().size(), traffic);
            }
            if (slice != null) {
                progress.close();
                out.printf("Slice %s: %,d shoppers sent, %,d requests in %.1f s; files in %s%n", slice,
                        traffic.shoppersSent(), traffic.tally().requests(), traffic.took().toMillis() / 1000.0,
                        outDir.toAbsolutePath().normalize());
                out.flush();
                return 0;
            }
            Map<String, Object> used = capacity.get();
            outcome = rehearsal.settleAndAudit(sale, crowd.shoppers().size(), traffic, progress);
            RehearsalReport report = new RehearsalReport(target.description(), outcome, queues.get(), Instant.now());
            report.addCost(traffic, crowd.shoppers().size(), used);
            int exit = report(report, this.report, out);
            if (!hooks.targetsMet(outcome, out)) {
                exit = Math.max(exit, 1);
            }
            if (room != null) {
                AdmissionFigures.of(room, preQueueSeconds * 1000L, scalpers, limit, outcome.orders()).print(out);
                out.flush();
            }
            return exit;
        }
    }

    /** Prints the report, writes it as HTML; 0 when every invariant holds and no message is in a dead-letter queue. */
    static int report(RehearsalReport report, Path html, PrintWriter out) throws IOException {
        report.print(out);
        report.writeHtml(html);
        out.println();
        out.println("HTML report: " + html.toAbsolutePath().normalize());
        if (!report.invariantsPassed()) {
            out.println("INVARIANTS FAILED.");
        } else {
            out.println(report.deadLetters() == 0 ? "All six invariants hold."
                    : "All six invariants hold, but " + report.deadLetters() + " messages are in a dead-letter queue: FAILED.");
        }
        out.flush();
        return report.passed() ? 0 : 1;
    }

    /** How long before the opening a waiting room's sale is created: the pre-queue's joins happen then. */
    private static final int PRE_QUEUE_LEAD_SECONDS = 30;

    private int saleShards() {
        return shards != null ? shards : NewSale.defaultShards(stock);
    }

    /** The embedded stack's queues at the end, with what throttled and what failed in the workers. */
    private QueueFindings queueFindings(LocalStack stack, ThrottledFunctions throttled, WorkerFailures failures) {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(stack.sqsEndpoint())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return QueueFindings.collect(throttled == null ? null : throttled.caps().describe(saleShards()),
                    throttled == null ? null : throttled.throttle(), failures,
                    DeadLetters.read(sqs, stack.settings().prefix(), MAX_LETTERS_SHOWN));
        }
    }

    /** The stack's queues at the end, read from its ElasticMQ; the workers' failures are in the stack's own log. */
    private static QueueFindings queueFindings(StackProcess stack) {
        try (SqsClient sqs = LocalAws.sqs(stack.sqs())) {
            DeadLetters.Findings letters = DeadLetters.read(sqs, stack.prefix(), MAX_LETTERS_SHOWN);
            long lines = stack.workerFailureLines();
            return new QueueFindings(null, 0, 0, java.util.Map.of(),
                    lines == 0 ? java.util.Map.of() : java.util.Map.of("QueueBatch lines in " + stack.log(), lines),
                    List.of(), letters, letters.letters().stream()
                            .map(l -> new QueueFindings.TracedLetter(l, List.of(), 0)).toList());
        }
    }

    static final class SliceConverter implements CommandLine.ITypeConverter<SliceFiles.Slice> {
        @Override
        public SliceFiles.Slice convert(String value) {
            try {
                return SliceFiles.Slice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** A rehearsal is tens of thousands of requests: the checkout's own info lines would bury the report. */
    static void quietCheckoutLogs() {
        if (LoggerFactory.getLogger("io.flashcheckout") instanceof Logger logger) {
            logger.setLevel(Level.WARN);
        }
    }
}
