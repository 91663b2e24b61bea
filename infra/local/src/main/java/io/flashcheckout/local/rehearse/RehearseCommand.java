package io.flashcheckout.local.rehearse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.flashcheckout.local.LocalAws;
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
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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
@Command(name = "rehearse", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rehearses a flash sale: a crowd of shoppers races for the stock of a sale created for the "
                + "rehearsal, reserves (some again with the same Idempotency-Key), pays (approved, declined, timing "
                + "out), cancels or walks away. Then it waits for every order to settle and checks DESIGN.md's "
                + "invariants 1-6 through the API and, where it can reach them, the tables and the PSP's ledger.",
                "Without --api it starts the embedded stack (DynamoDB Local, ElasticMQ, the PSP simulator, the "
                        + "API and the workers) on free ports. Exit code 0 when every invariant holds, 1 otherwise."})
public final class RehearseCommand implements Callable<Integer> {
    private static final int MAX_LETTERS_SHOWN = 20;

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

    @Option(names = "--in-flight", defaultValue = "64",
            description = "Requests open at once, at most. Default: ${DEFAULT-VALUE}")
    int inFlight;

    @Option(names = "--max-seconds", defaultValue = "1800",
            description = "Traffic stops after this many seconds, shopped or not. Default: ${DEFAULT-VALUE}")
    int maxSeconds;

    @Option(names = "--settle-seconds", defaultValue = "420",
            description = "How long to wait for every order to settle after the traffic. Default: ${DEFAULT-VALUE}")
    int settleSeconds;

    @Option(names = "--recovery-interval", defaultValue = "150",
            description = "Seconds a hold may outlive its expiry (invariant 5). Default: ${DEFAULT-VALUE}")
    int recoverySeconds;

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

    @Option(names = "--report", defaultValue = "target/rehearsal/report.html", paramLabel = "FILE",
            description = "Where the HTML report goes. Default: ${DEFAULT-VALUE}")
    Path report;

    @ArgGroup(exclusive = false, heading = "%nAnother deployment (without these, the embedded stack):%n")
    Remote remote;

    static final class Remote {
        @Option(names = "--api", required = true, paramLabel = "URL", description = "The API's base URL.")
        URI api;

        @Option(names = "--jwt-secret", paramLabel = "SECRET",
                description = "Mint HS256 tokens with this secret (a local-secret deployment); default $" + LocalTokens.SECRET_ENV)
        String jwtSecret;

        @Option(names = "--tokens-file", paramLabel = "FILE",
                description = "Shoppers' bearer tokens, one per line (e.g. Cognito's), used in turn.")
        Path tokensFile;

        @Option(names = "--admin-token", paramLabel = "TOKEN", description = "An admin's bearer token (with --tokens-file).")
        String adminToken;

        @Option(names = "--psp-url", paramLabel = "URL", description = "The PSP simulator, to read its ledger (invariant 4).")
        URI pspUrl;

        @Option(names = "--psp-api-key", paramLabel = "KEY", defaultValue = "sk_test_simulator",
                description = "The PSP simulator's API key. Default: ${DEFAULT-VALUE}")
        String pspApiKey;

        @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
                description = "DynamoDB with the deployment's tables (LocalStack, moto, DynamoDB Local), to audit them.")
        URI dynamoDbEndpoint;

        @Option(names = "--tables-prefix", paramLabel = "PREFIX", defaultValue = LocalStack.DEFAULT_PREFIX,
                description = "The tables' name prefix. Default: ${DEFAULT-VALUE}")
        String tablesPrefix;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Crowd crowd;
        SaleSpec sale;
        ThrottledFunctions.Caps caps;
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
            caps = throttle ? new ThrottledFunctions.Caps(partitionCap, throttleScale, burstSeconds, transactionUnits) : null;
            String saleId = "rehearsal-" + DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
            sale = new SaleSpec(saleId, stock, limit, holdSeconds, shards, "199.00");
            if ("queue".equals(admission)) {
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
            out.printf("Rehearsing %s: %,d shoppers, %,d units, limit %d, arrivals %s, seed %d%n", saleId, shoppers, stock,
                    limit, arrivals, seed);
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
        Rehearsal.Limits limits = new Rehearsal.Limits(Duration.ofSeconds(maxSeconds), Duration.ofSeconds(settleSeconds),
                Duration.ofSeconds(recoverySeconds));
        if (remote == null) {
            quietCheckoutLogs();
            keepConnectionsAlive(inFlight);
            out.println("Starting the embedded stack...");
            out.flush();
            LocalStack.Settings settings = LocalStack.Settings.defaults(LocalTokens.generateSecret())
                    .withPorts(0, 0, 0, 0).withDemoSale(false).withAccessLog(null);
            try (ThrottledFunctions throttled = caps == null ? null : new ThrottledFunctions(caps);
                 WorkerFailures failures = WorkerFailures.attach();
                 LocalStack stack = throttled == null ? LocalStack.start(settings)
                         : LocalStack.start(settings.withHandler(throttled::apiHandler), throttled::workers)) {
                LocalTokens tokens = stack.tokens();
                Target target = new Target("the embedded stack (" + stack.apiUri() + ")", stack.apiUri(),
                        s -> tokens.customer(s.customerId()), tokens.admin(), stack.pspUri(), stack.pspApiKey(),
                        stack.dynamoDbClient(), stack.tables());
                // the sale is created uncapped (its shards are new keys), then the caps start, all buckets full
                Runnable saleCreated = throttled == null ? () -> {} : () -> throttled.enable(stack.dynamoDbClient(), stack.tables());
                return rehearse(target, sale, crowd, limits, out, saleCreated, () -> queueFindings(stack, throttled, failures));
            }
        }
        Target target;
        try {
            target = remoteTarget();
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (DynamoDbClient dynamo = target.dynamo()) {
            return rehearse(target, sale, crowd, limits, out, () -> {}, () -> null);
        }
    }

    /**
     * @param saleCreated runs once the sale exists, before it opens
     * @param queues      read after the audit: the throttle, the workers' failures, the queues; null when out of reach
     */
    private int rehearse(Target target, SaleSpec sale, Crowd crowd, Rehearsal.Limits limits, PrintWriter out,
                         Runnable saleCreated, Supplier<QueueFindings> queues) throws InterruptedException, IOException {
        Rehearsal.Outcome outcome;
        QueueJourney room;
        try (Storefront api = new Storefront(target.api(), inFlight, Duration.ofSeconds(30));
             ProgressBars progress = new ProgressBars(System.err)) {
            Rehearsal rehearsal = new Rehearsal(target, api, limits, saleCreated, Math.round(lateRetrySeconds * 1000));
            room = sale.admissionJson() == null ? null : new QueueJourney(api, sale.saleId(), scalpers, preQueueShare);
            if (room != null && target.dynamo() != null && target.tables() != null) {
                room.watchShelf(new io.flashcheckout.store.dynamodb.DynamoSaleStore(target.dynamo(), target.tables()));
            }
            if (room != null) {
                // the pre-queue joins between the sale's creation and its opening
                rehearsal.admitThrough(room, Duration.ofSeconds(Math.min(preQueueSeconds, PRE_QUEUE_LEAD_SECONDS)));
            }
            outcome = rehearsal.run(sale, crowd, progress);
        }
        RehearsalReport report = new RehearsalReport(target.description(), outcome, queues.get(), Instant.now());
        report.print(out);
        if (room != null) {
            AdmissionFigures.of(room, preQueueSeconds * 1000L, scalpers, limit, outcome.orders()).print(out);
        }
        report.writeHtml(this.report);
        out.println();
        out.println("HTML report: " + this.report.toAbsolutePath().normalize());
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

    private Target remoteTarget() throws IOException {
        Function<Shopper, String> tokens;
        String admin;
        if (remote.tokensFile != null) {
            List<String> lines = Files.readAllLines(remote.tokensFile).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty() || remote.adminToken == null) {
                throw new IllegalArgumentException("--tokens-file needs at least one token and --admin-token");
            }
            tokens = s -> lines.get(s.index() % lines.size());
            admin = remote.adminToken;
        } else {
            String secret = remote.jwtSecret != null ? remote.jwtSecret : System.getenv(LocalTokens.SECRET_ENV);
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("--api needs --jwt-secret (or $" + LocalTokens.SECRET_ENV
                        + ") or --tokens-file with --admin-token");
            }
            LocalTokens minted = new LocalTokens(secret, Clock.systemUTC());
            tokens = s -> minted.customer(s.customerId());
            admin = remote.adminToken != null ? remote.adminToken : minted.admin();
        }
        DynamoDbClient dynamo = remote.dynamoDbEndpoint == null ? null : LocalAws.dynamoDb(remote.dynamoDbEndpoint);
        return new Target(remote.api.toString(), remote.api, tokens, admin, remote.pspUrl, remote.pspApiKey, dynamo,
                dynamo == null ? null : CheckoutTables.withPrefix(remote.tablesPrefix));
    }

    /**
     * The embedded functions reach DynamoDB Local and ElasticMQ through the JDK's HttpURLConnection, which keeps only
     * 5 idle connections per host unless told otherwise (read once per JVM): with more requests than that in flight,
     * each further call would open a new connection. On Lambda an instance serves one request at a time.
     */
    private static void keepConnectionsAlive(int inFlight) {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, inFlight)));
        }
    }

    /** A rehearsal is tens of thousands of requests: the checkout's own info lines would bury the report. */
    private static void quietCheckoutLogs() {
        if (LoggerFactory.getLogger("io.flashcheckout") instanceof Logger logger) {
            logger.setLevel(Level.WARN);
        }
    }
}
