package io.flashcheckout.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.local.backends.BindAddresses;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.backends.LocalDynamoDb;
import io.flashcheckout.local.backends.LocalQueues;
import io.flashcheckout.local.emulation.HttpFunctions;
import io.flashcheckout.local.emulation.LambdaHttpFront;
import io.flashcheckout.local.emulation.LocalWorkers;
import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.local.template.TemplateResources;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.micronaut.context.ApplicationContext;

import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole checkout in one JVM: DynamoDB Local with the checkout's tables, ElasticMQ with its queues, the PSP
 * simulator, and the HTTP API served through the real Lambda handlers, each route by its function's handler class. {@link #close()} stops it all in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    public static final String DEFAULT_PREFIX = "flash-checkout-";

    /** The configuration keys the functions read; set as JVM system properties before the handler is created. */
    public static final String TABLES_PREFIX = "flash-checkout.tables.prefix";
    public static final String DYNAMODB_ENDPOINT = "flash-checkout.dynamodb.endpoint";
    public static final String SQS_ENDPOINT = "flash-checkout.sqs.endpoint";
    public static final String PSP_URL = "flash-checkout.psp.url";
    public static final String PSP_API_KEY = "flash-checkout.psp.api-key";
    public static final String JWT_SECRET = "flash-checkout.jwt.secret";
    public static final String ADMISSION_KEY = "flash-checkout.admission.key";
    public static final String CHANNEL_CLIENTS = "flash-checkout.jwt.channel-clients";
    private static final String MAX_CONNECTIONS = "http.maxConnections";
    private static final int KEPT_CONNECTIONS_PER_HOST = 256;

    /**
     * @param apiPort       the HTTP API on 127.0.0.1; 0 picks a free port (likewise the other ports)
     * @param dataDir       DynamoDB's data directory; null keeps the data in memory
     * @param demoSale      whether to create the demo sale
     * @param prefix        before every table and queue name
     * @param handler       makes the API's handler, called once the backends are up and configured: by default the
     *                      template's HTTP functions behind its routes ({@link HttpFunctions}); a stand-in gets
     *                      every request
     * @param accessLog     one line per API request; null for none
     * @param workers       whether the queue, stream and schedule functions run
     * @param sweepEvery    how often the sweeper runs (on AWS: every minute)
     * @param awsEndpoint   DynamoDB and SQS somewhere else (LocalStack, moto_server); null starts the embedded ones
     */
    public record Settings(int apiPort, int dynamoDbPort, int sqsPort, int pspPort, Path dataDir, boolean demoSale,
                           String jwtSecret, String prefix,
                           Supplier<? extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handler,
                           PrintStream accessLog, boolean workers, Duration sweepEvery, URI awsEndpoint,
                           String pageOrigin, List<String> channelClients) {

        public Settings {
            channelClients = List.copyOf(channelClients);
        }

        /** Settings whose tokens come from the stack's own app client only. */
        public Settings(int apiPort, int dynamoDbPort, int sqsPort, int pspPort, Path dataDir, boolean demoSale,
                        String jwtSecret, String prefix,
                        Supplier<? extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handler,
                        PrintStream accessLog, boolean workers, Duration sweepEvery, URI awsEndpoint, String pageOrigin) {
            this(apiPort, dynamoDbPort, sqsPort, pspPort, dataDir, demoSale, jwtSecret, prefix, handler, accessLog, workers,
                    sweepEvery, awsEndpoint, pageOrigin, List.of());
        }

        /** The defaults of {@code serve}, with the template's HTTP functions and the queue workers running. */
        public static Settings defaults(String jwtSecret) {
            return new Settings(8080, 8000, 9324, 8090, null, true, jwtSecret, DEFAULT_PREFIX,
                    HttpFunctions::started, System.out, true, Duration.ofMinutes(1), null, null, List.of());
        }

        public Settings withPorts(int api, int dynamoDb, int sqs, int psp) {
            return new Settings(api, dynamoDb, sqs, psp, dataDir, demoSale, jwtSecret, prefix, handler, accessLog, workers, sweepEvery, awsEndpoint, pageOrigin, channelClients);
        }

        public Settings withDataDir(Path dir) {
            return new Settings(apiPort, dynamoDbPort, sqsPort, pspPort, dir, demoSale, jwtSecret, prefix, handler, accessLog,
                    workers, sweepEvery, awsEndpoint, pageOrigin, channelClients);
        }

        public Settings withDemoSale(boolean create) {
            return new Settings(apiPort, dynamoDbPort, sqsPort, pspPort, dataDir, create, jwtSecret, prefix, handler, accessLog,
                    workers, sweepEvery, awsEndpoint, pageOrigin, channelClients);
        }

        public Settings withHandler(Supplier<? extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> make) {
            return new Settings(apiPort, dynamoDbPort, sqsPort, pspPort, dataDir, demoSale, jwtSecret, prefix, make, accessLog,
                    workers, sweepEvery, awsEndpoint, pageOrigin, channelClients);
        }

        public Settings withAccessLog(PrintStream log) {
            return new Settings(apiPort, dynamoDbPort, sqsPort, pspPort, dataDir, demoSale, jwtSecret, prefix, handler, log,
                    workers, sweepEvery, awsEndpoint, pageOrigin, channelClients);
        }

        /** Whether the queue pollers, the stream relay and the sweeper schedule run (every {@code sweep}). */
        public Settings withWorkers(boolean run, Duration sweep) {
            return new Settings(apiPort, dynamoDbPort, sqsPort, pspPort, dataDir, demoSale, jwtSecret, prefix, handler, accessLog,
                    run, sweep, awsEndpoint, pageOrigin, channelClients);
        }

        /**
         * DynamoDB and SQS at {@code endpoint} (LocalStack, moto_server) instead of the embedded DynamoDB Local and
         * ElasticMQ; the template's tables and queues are created there when missing.
         */
        /** Where pages calling the API are hosted (the template's {@code PageOrigin}): the API then answers CORS for it. */
        public Settings withPageOrigin(String origin) {
            return new Settings(apiPort, dynamoDbPort, sqsPort, pspPort, dataDir, demoSale, jwtSecret, prefix, handler, accessLog,
                    workers, sweepEvery, awsEndpoint, origin, channelClients);
        }

        /**
         * App client ids a shopper's token may also be issued to, one per sales channel's app (a sale's channel pools
         * name them), as a deployment's authorizer lists them in its audience.
         */
        public Settings withChannelClients(List<String> clients) {
            return new Settings(apiPort, dynamoDbPort, sqsPort, pspPort, dataDir, demoSale, jwtSecret, prefix, handler, accessLog,
                    workers, sweepEvery, awsEndpoint, pageOrigin, clients);
        }

        public Settings withAwsEndpoint(URI endpoint) {
            return new Settings(apiPort, dynamoDbPort, sqsPort, pspPort, dataDir, demoSale, jwtSecret, prefix, handler, accessLog,
                    workers, sweepEvery, endpoint, pageOrigin, channelClients);
        }
    }

    private final Deque<Running> running = new ArrayDeque<>();
    private final Map<String, String> previousProperties = new LinkedHashMap<>();
    private final Settings settings;
    private final Supplier<ApplicationContext> functionsContext;
    private final LocalTokens tokens;
    private URI dynamoDbEndpoint;
    private URI sqsEndpoint;
    private Map<String, String> queueUrls;
    private DynamoDbClient dynamo;
    private PspSimulator psp;
    private LambdaHttpFront front;
    private LocalWorkers workers;
    private String demoSaleOutcome = "no demo sale (--no-demo-sale)";
    private InetAddress bindAddress = BindAddresses.LOOPBACK;

    private record Running(String name, AutoCloseable part) {}

    private LocalStack(Settings settings, Supplier<ApplicationContext> functionsContext) {
        this.settings = settings;
        this.functionsContext = functionsContext;
        this.tokens = new LocalTokens(settings.jwtSecret(), Clock.systemUTC());
    }

    /**
     * Starts everything, or nothing: if a part fails, the parts already started are stopped again.
     *
     * @throws Ports.PortInUseException if a port is taken, before anything was started
     */
    public static LocalStack start(Settings settings) {
        return start(settings, BindAddresses.LOOPBACK, ApplicationContext::run);
    }

    /**
     * @param bindAddress where every server of the stack listens (DynamoDB Local, ElasticMQ, the PSP simulator, the
     *                    API); they check no credentials of their own, so anything but loopback opens them to the network
     */
    public static LocalStack start(Settings settings, InetAddress bindAddress) {
        return start(settings, bindAddress, ApplicationContext::run);
    }

    /**
     * As {@link #start(Settings)}, with the worker functions' Micronaut context made by {@code functionsContext}
     * (called once the backends are up and the configuration properties are set), e.g. one whose DynamoDB client
     * is replaced; the stack closes it.
     */
    public static LocalStack start(Settings settings, Supplier<ApplicationContext> functionsContext) {
        return start(settings, BindAddresses.LOOPBACK, functionsContext);
    }

    private static LocalStack start(Settings settings, InetAddress bindAddress, Supplier<ApplicationContext> functionsContext) {
        keepConnectionsAlive();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--api-port", settings.apiPort());
        if (settings.awsEndpoint() == null) {
            ports.put("--dynamodb-port", settings.dynamoDbPort());
            ports.put("--sqs-port", settings.sqsPort());
        }
        ports.put("--psp-port", settings.pspPort());
        Ports.requireFree(ports);
        LocalStack stack = new LocalStack(settings, functionsContext);
        stack.bindAddress = bindAddress;
        try {
            stack.startParts();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new Ports.PortInUseException("a port is already in use: " + e.getMessage(), e);
                }
            }
            throw e;
        }
    }

    /**
     * The functions' SDK clients use HttpURLConnection, which keeps at most 5 idle connections per host unless told
     * otherwise. On Lambda each instance serves one request at a time, so 5 is plenty; here every request in flight
     * is an instance of its own in one JVM, and beyond 5 each call to DynamoDB Local or ElasticMQ would open (and
     * the server accept) a new connection. Read once per JVM, when the first connection is made, so set it before;
     * one given on the command line wins.
     */
    static void keepConnectionsAlive() {
        if (System.getProperty(MAX_CONNECTIONS) == null) {
            System.setProperty(MAX_CONNECTIONS, Integer.toString(KEPT_CONNECTIONS_PER_HOST));
        }
    }

    private void startParts() {
        CheckoutTables tables = CheckoutTables.withPrefix(settings.prefix());
        if (settings.awsEndpoint() == null) {
            LocalDynamoDb dynamoDb = started("DynamoDB Local", LocalDynamoDb.start(bindAddress, settings.dynamoDbPort(), settings.dataDir()));
            LocalQueues queues = started("ElasticMQ", LocalQueues.start(bindAddress, settings.sqsPort(), settings.prefix(), null));
            dynamoDbEndpoint = dynamoDb.endpoint();
            sqsEndpoint = queues.endpoint();
            queueUrls = queues.queueUrls();
        } else {
            dynamoDbEndpoint = settings.awsEndpoint();
            sqsEndpoint = settings.awsEndpoint();
            try (SqsClient sqs = LocalAws.sqs(sqsEndpoint)) {
                queueUrls = LocalQueues.create(sqs, settings.prefix(), null);
            }
        }
        dynamo = started("DynamoDB client", LocalAws.dynamoDb(dynamoDbEndpoint));
        new TemplateResources(CloudFormationTemplate.bundled(), settings.prefix()).createMissingTables(dynamo);
        psp = started("PSP simulator", PspSimulator.start(SimulatorConfig.defaults()
                .withHost(bindAddress.getHostAddress()).withPort(settings.pspPort())));

        setProperty(TABLES_PREFIX, settings.prefix());
        setProperty(DYNAMODB_ENDPOINT, dynamoDbEndpoint.toString());
        setProperty(SQS_ENDPOINT, sqsEndpoint.toString());
        setProperty(PSP_URL, psp.baseUri().toString());
        setProperty(PSP_API_KEY, psp.config().apiKey());
        setProperty(JWT_SECRET, settings.jwtSecret());
        if (!settings.channelClients().isEmpty()) {
            setProperty(CHANNEL_CLIENTS, String.join(",", settings.channelClients()));
        }
        // the waiting room's signing key, generated per run like the token secret (on AWS: a generated secret)
        setProperty(ADMISSION_KEY, LocalTokens.generateSecret());
        // the local workers tick the advancer every 500 ms themselves: one tick per run
        setProperty("flash-checkout.admission.run-for", "0s");
        setProperty("aws.region", LocalAws.REGION.id());
        setProperty("aws.accessKeyId", LocalAws.ACCESS_KEY);
        setProperty("aws.secretAccessKey", LocalAws.SECRET_KEY);

        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = settings.handler().get();
        if (handler instanceof AutoCloseable closeable) {
            started("API function", closeable);
        }
        front = started("HTTP API", LambdaHttpFront.start(bindAddress, settings.apiPort(), handler, settings.accessLog(),
                settings.pageOrigin()));
        if (settings.workers()) {
            ApplicationContext functions = started("worker functions", functionsContext.get());
            SqsClient sqs = started("SQS client", LocalAws.sqs(sqsEndpoint));
            DynamoDbStreamsClient streams = started("DynamoDB streams client", LocalAws.streams(dynamoDbEndpoint));
            workers = started("queue pollers", LocalWorkers.create(sqs, dynamo, streams, settings.prefix(), queueUrls,
                    tables.orders(), tables.refunds(), LocalWorkers.Functions.of(functions)));
            workers.start(settings.sweepEvery());
        }
        if (settings.demoSale()) {
            demoSaleOutcome = DemoSale.create(front.baseUri(), tokens.admin(), dynamo, tables, Clock.systemUTC().instant());
        }
    }

    private <T extends AutoCloseable> T started(String name, T part) {
        running.push(new Running(name, part));
        return part;
    }

    private void setProperty(String key, String value) {
        previousProperties.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    /** The API's base URL, e.g. {@code http://localhost:8080}. */
    public URI apiUri() {
        boolean loopbackOrAll = bindAddress.isLoopbackAddress() || bindAddress.isAnyLocalAddress();
        return loopbackOrAll ? URI.create("http://localhost:" + front.port()) : front.baseUri();
    }

    /** Where every server of the stack listens. */
    public InetAddress bindAddress() {
        return bindAddress;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI pspUri() {
        return psp.baseUri();
    }

    public String pspApiKey() {
        return psp.config().apiKey();
    }

    /** The PSP simulator itself, for a rehearsal that takes the provider down for a while. */
    public PspSimulator pspSimulator() {
        return psp;
    }

    /** Queue name -> URL, dead-letter queues included. */
    public Map<String, String> queueUrls() {
        return queueUrls;
    }

    public CheckoutTables tables() {
        return CheckoutTables.withPrefix(settings.prefix());
    }

    /** A client of the local DynamoDB; closed with the stack. */
    public DynamoDbClient dynamoDbClient() {
        return dynamo;
    }

    /** The queue, stream and schedule functions; null when the stack runs without them. */
    public LocalWorkers workers() {
        return workers;
    }

    public LocalTokens tokens() {
        return tokens;
    }

    public Settings settings() {
        return settings;
    }

    /** What became of the demo sale, in one line. */
    public String demoSaleOutcome() {
        return demoSaleOutcome;
    }

    /** Stops every part started, the last first; a part that fails to stop does not keep the others running. */
    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            Running part = running.pop();
            try {
                part.part().close();
            } catch (Exception e) {
                System.err.println(part.name() + " did not stop cleanly: " + e);
            }
        }
        previousProperties.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        previousProperties.clear();
    }
}
