package io.flashcheckout.local.cli;

import io.flashcheckout.checkout.OrderIds;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.local.Ports;
import io.flashcheckout.local.emulation.StaticPages;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: starts the local stack, prints how to use it, and runs until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Starts DynamoDB Local, ElasticMQ, the PSP simulator and the HTTP API (through the real Lambda "
                + "handler) and runs until Ctrl-C. The JWT secret comes from $" + LocalTokens.SECRET_ENV
                + "; when it is not set, one is generated and printed.")
public final class ServeCommand implements Callable<Integer> {
    static final String SHOPPER = "shopper-1";
    static final String IDEMPOTENCY_KEY = "demo-try-1";
    /** -w: a newline after the body, so the next prompt or answer starts on a line of its own */
    private static final String CURL = "curl -si -w '\\n' ";

    @Option(names = "--api-port", defaultValue = "8080", description = "The HTTP API's port. Default: ${DEFAULT-VALUE}")
    int apiPort;

    @Option(names = "--dynamodb-port", defaultValue = "8000", description = "DynamoDB Local's port. Default: ${DEFAULT-VALUE}")
    int dynamoDbPort;

    @Option(names = "--sqs-port", defaultValue = "9324", description = "ElasticMQ's port. Default: ${DEFAULT-VALUE}")
    int sqsPort;

    @Option(names = "--psp-port", defaultValue = "8090", description = "The PSP simulator's port. Default: ${DEFAULT-VALUE}")
    int pspPort;

    @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address DynamoDB Local, ElasticMQ, the PSP simulator and the HTTP API listen on "
                    + "(0.0.0.0: every interface). DynamoDB Local and ElasticMQ accept any credentials, so on any other "
                    + "address whoever reaches this machine can read and change stock, orders and refunds. "
                    + "Default: ${DEFAULT-VALUE}")
    InetAddress bindAddress;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep DynamoDB's data in DIR (created if missing) across restarts. Default: in memory.")
    Path dataDir;

    @Option(names = "--no-demo-sale", description = "Do not create the demo sale.")
    boolean noDemoSale;

    @Option(names = "--no-access-log", description = "Do not print a line per API request (e.g. under a rehearsal's crowd).")
    boolean noAccessLog;

    @Option(names = "--aws-endpoint", paramLabel = "URL",
            description = "Use DynamoDB and SQS at URL (LocalStack: http://localhost:4566, or moto_server) instead of "
                    + "starting DynamoDB Local and ElasticMQ; the template's tables and queues are created there if missing.")
    URI awsEndpoint;

    @Option(names = "--page-origin", paramLabel = "ORIGIN",
            description = "Where the console or storefront pages are hosted when not served by this stack (e.g. "
                    + "http://localhost:5500): the API answers CORS for that origin as the template's PageOrigin makes "
                    + "API Gateway do. Default: none (the pages under /console/ and /shop/ are on the API's own origin).")
    String pageOrigin;

    @Option(names = "--channel-clients", paramLabel = "ID,...", split = ",",
            description = "App client ids a shopper's token may also be issued to, one per sales channel's app (a sale's "
                    + "channel pools name them), e.g. channel-lazada,channel-akulaku,channel-mi for `rehearse --scenario "
                    + "poco-m3 --api` against this stack. Default: none")
    List<String> channelClients = List.of();

    @Spec
    CommandSpec spec;

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** The template's AllowedPattern of PageOrigin. */
    private static final Pattern PAGE_ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    private final UnaryOperator<String> env;

    ServeCommand() {
        this(System::getenv);
    }

    ServeCommand(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (pageOrigin != null && !PAGE_ORIGIN.matcher(pageOrigin).matches()) {
            err.println("--page-origin: an origin is a scheme, a host and an optional port, e.g. https://console.example.com");
            err.flush();
            return 2;
        }
        if (channelClients.size() > 20 || !channelClients.stream().allMatch(id -> CLIENT_ID.matcher(id).matches())) {
            err.println("--channel-clients: at most 20 app client ids of letters, digits, '-' and '_' (1-128 each)");
            err.flush();
            return 2;
        }
        String secret = env.apply(LocalTokens.SECRET_ENV);
        boolean generated = secret == null || secret.isBlank();
        if (generated) {
            secret = LocalTokens.generateSecret();
        }
        LocalStack.Settings settings;
        try {
            settings = LocalStack.Settings.defaults(secret)
                    .withPorts(apiPort, dynamoDbPort, sqsPort, pspPort)
                    .withDataDir(dataDir)
                    .withDemoSale(!noDemoSale)
                    .withAccessLog(noAccessLog ? null : System.out)
                    .withAwsEndpoint(awsEndpoint)
                    .withPageOrigin(pageOrigin)
                    .withChannelClients(channelClients);
            new LocalTokens(secret, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            err.println(LocalTokens.SECRET_ENV + ": " + e.getMessage());
            return 2;
        }

        AtomicReference<LocalStack> stack = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            LocalStack running = stack.get();
            if (running != null) {
                running.close();
                System.out.println("flash-checkout local stack stopped");
                System.out.flush();
            }
            stopped.countDown();
        }, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        out.println("Starting the flash-checkout local stack...");
        out.flush();
        try {
            if (!bindAddress.isLoopbackAddress()) {
                err.println("warning: --bind-address " + bindAddress.getHostAddress() + " lets other machines reach "
                        + "DynamoDB Local and ElasticMQ, which accept any credentials");
                err.flush();
            }
            stack.set(LocalStack.start(settings, bindAddress));
        } catch (Ports.PortInUseException e) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            err.println(e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            err.println("the local stack did not start: " + e.getMessage());
            e.printStackTrace(err);
            err.flush();
            return 1;
        }
        out.print(banner(stack.get(), generated));
        out.flush();
        stopped.await();
        return 0;
    }

    static String banner(LocalStack stack, boolean secretGenerated) {
        LocalTokens tokens = stack.tokens();
        String api = stack.apiUri().toString();
        String prefix = stack.settings().prefix();
        StringBuilder b = new StringBuilder();
        b.append('\n').append("flash-checkout local stack is up (Ctrl-C to stop)\n\n");
        b.append(row("API", api, "API Gateway HTTP API -> each route's function handler (template)"));
        String where = stack.settings().awsEndpoint() != null ? "at --aws-endpoint"
                : stack.settings().dataDir() == null ? "in memory" : "data in " + stack.settings().dataDir().toAbsolutePath();
        b.append(row("DynamoDB", stack.dynamoDbEndpoint().toString(), where
                        + "; tables " + prefix + "sales, " + prefix + "orders, " + prefix + "refunds"));
        b.append(row("SQS", stack.sqsEndpoint().toString(), (stack.settings().awsEndpoint() != null ? "" : "ElasticMQ; ") + "queues "
                + String.join(", ", stack.queueUrls().keySet().stream().filter(q -> stack.queueUrls().containsKey(q + "-dlq")).toList())
                + ", each with a -dlq; " + prefix + "order-relay-failures, " + prefix
                + "refund-relay-failures (as infra/template.yaml declares them)"));
        b.append(row("Workers", "", stack.workers() == null ? "not running"
                : "hold expiry, checkout recovery, refunds (SQS pollers), order and refund relays (streams, the "
                + "template's filters), sweeper every "
                + stack.settings().sweepEvery().toSeconds() + " s, waiting rooms' advancer every 500 ms"));
        b.append(row("PSP", stack.pspUri().toString(), "simulator; API key " + stack.pspApiKey()));
        b.append(row("Demo sale", "", stack.demoSaleOutcome()));
        b.append(row("Console", api + StaticPages.CONSOLE, "the operator console (paste ADMIN_TOKEN below)"));
        b.append(row("Storefront", api + StaticPages.SHOP, "the shopper's journey (paste TOKEN below)"));
        if (secretGenerated) {
            b.append(row("JWT secret", stack.settings().jwtSecret(), "generated for this run"));
            b.append("              export ").append(LocalTokens.SECRET_ENV).append('=').append(stack.settings().jwtSecret())
                    .append("\n              to mint more tokens (`token --customer ID`) or to keep these valid across restarts\n");
        }
        b.append("\nTry it (tokens valid 24 h; ORDER is the order id the reservation below gets):\n\n");
        b.append("API=").append(api).append('\n');
        b.append("TOKEN=").append(tokens.customer(SHOPPER)).append('\n');
        b.append("ADMIN_TOKEN=").append(tokens.admin()).append('\n');
        b.append("ORDER=").append(OrderIds.of(SHOPPER, IDEMPOTENCY_KEY)).append('\n');
        String auth = " -H \"Authorization: Bearer $TOKEN\"";
        String json = " -H 'Content-Type: application/json'";
        b.append(CURL + "$API/sales/demo").append(auth).append('\n');
        b.append(CURL + "-X POST $API/sales/demo/reservations").append(auth)
                .append(" -H 'Idempotency-Key: ").append(IDEMPOTENCY_KEY).append('\'').append(json)
                .append(" -d '{\"quantity\":1}'\n");
        b.append(CURL + "$API/orders/$ORDER").append(auth).append('\n');
        b.append(CURL + "-X POST $API/orders/$ORDER/payment").append(auth).append(json)
                .append(" -d '{\"paymentToken\":\"tok_approve\"}'\n");
        b.append(CURL + "-X POST $API/orders/$ORDER/cancel").append(auth).append('\n');
        b.append("\nThe cancelled paid order is refunded through the refunds queue; finance reads it with:\n");
        b.append("AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1 aws sqs receive-message --endpoint-url ")
                .append(stack.sqsEndpoint()).append(" --queue-url ").append(stack.queueUrls().get(prefix + "refund-issued"))
                .append('\n');
        b.append('\n');
        return b.toString();
    }

    private static String row(String what, String where, String note) {
        return String.format("  %-11s %-24s %s%n", what, where, note);
    }
}
