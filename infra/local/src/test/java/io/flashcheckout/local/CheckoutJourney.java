package io.flashcheckout.local;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.backends.LocalDynamoDb;
import io.flashcheckout.local.backends.LocalQueues;
import io.flashcheckout.local.emulation.HttpFunctions;
import io.flashcheckout.local.emulation.LambdaHttpFront;
import io.flashcheckout.local.emulation.LocalWorkers;
import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.local.template.TemplateResources;
import io.flashcheckout.payment.HttpPaymentGateway;
import io.flashcheckout.payment.PaymentProviderSettings;
import io.flashcheckout.payment.RefundOutcome;
import io.flashcheckout.payment.RefundRequest;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoOrderStore;
import io.flashcheckout.support.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function of the template doing each kind of work it exists for, through the local stack's own parts:
 * DynamoDB Local and ElasticMQ with the template's tables and queues, the PSP simulator, the HTTP API served through
 * the real handlers of the template's HTTP functions ({@link HttpFunctions}) behind {@link LambdaHttpFront} (which
 * names each invocation after its route's function), and the real worker handlers driven by {@link LocalWorkers}. Unlike {@code serve}, the functions share
 * a clock the journey moves, so holds end and refunds grow old without waiting; the workers are stepped, not run in
 * the background.
 */
final class CheckoutJourney implements AutoCloseable {
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"(o-[0-9a-f]{32})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z_]+)\"");

    final String prefix = "iam" + UUID.randomUUID().toString().substring(0, 6) + "-";
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CheckoutTables tables = CheckoutTables.withPrefix(prefix);
    private final LocalTokens tokens;
    private final Map<String, String> queueUrls;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final PspSimulator psp;
    private final LambdaHttpFront api;
    private final LocalWorkers workers;

    CheckoutJourney() {
        LocalAwsProperties.set();
        String secret = LocalTokens.generateSecret();
        tokens = new LocalTokens(secret, Clock.systemUTC());
        try {
            LocalDynamoDb dynamoDb = started(LocalDynamoDb.start(0, null));
            LocalQueues queues = started(LocalQueues.start(0, prefix, Duration.ofSeconds(1)));
            queueUrls = queues.queueUrls();
            sqs = started(LocalAws.sqs(queues.endpoint()));
            dynamo = started(LocalAws.dynamoDb(dynamoDb.endpoint()));
            new TemplateResources(CloudFormationTemplate.bundled(), prefix).createMissingTables(dynamo);
            psp = started(PspSimulator.start(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(3))));
            ApplicationContext functions = started(functions(dynamoDb.endpoint(), queues.endpoint(), secret));
            api = started(LambdaHttpFront.start(0, HttpFunctions.sharing(functions), null));
            workers = started(LocalWorkers.create(sqs, dynamo, started(LocalAws.streams(dynamoDb.endpoint())), prefix, queueUrls,
                    tables.orders(), tables.refunds(), LocalWorkers.Functions.of(functions)));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The functions' context, configured as the template configures them on AWS (queue URLs given, not looked up). */
    private ApplicationContext functions(URI dynamoDb, URI sqsEndpoint, String secret) {
        Map<String, Object> config = new HashMap<>(Map.of(
                "flash-checkout.tables.prefix", prefix,
                "flash-checkout.dynamodb.endpoint", dynamoDb.toString(),
                "flash-checkout.sqs.endpoint", sqsEndpoint.toString(),
                "flash-checkout.psp.url", psp.baseUri().toString(),
                "flash-checkout.psp.api-key", psp.config().apiKey(),
                "flash-checkout.psp.request-timeout", "2s",
                "flash-checkout.jwt.secret", secret,
                "flash-checkout.queues.max-delay", "1s",
                "flash-checkout.workers.retry-base", "1s",
                "flash-checkout.workers.retry-max", "2s"));
        for (QueueNames queue : QueueNames.values()) {
            config.put("flash-checkout.queues." + queue.baseName() + ".url", queueUrls.get(queue.name(prefix)));
        }
        config.put("flash-checkout.admission.key", LocalTokens.generateSecret());
        config.put("flash-checkout.admission.run-for", "0s");
        ApplicationContext context = ApplicationContext.builder().properties(config).build();
        context.registerBeanDefinition(RuntimeBeanDefinition.builder(Clock.class, () -> clock).replaces(Clock.class).build());
        return context.start();
    }

    private <T extends AutoCloseable> T started(T part) {
        parts.add(part);
        return part;
    }

    /** What the journey left behind, for the test to check that it happened. */
    record Outcome(Map<String, String> statuses, int financeEvents, int parkedRefunds) {}

    /**
     * Create, restock and reopen a sale; reserve; pay approved, declined, timed out and with the provider down; the
     * workers once before anything is due; cancel a reserved and a paid order; an admin bulk cancel, one of whose
     * refunds the provider rejects; reads by shopper and admin; then, an hour later, the sweeper and every queue and
     * the stream until nothing is left.
     */
    Outcome run() throws IOException, InterruptedException {
        String admin = tokens.admin();
        Instant now = clock.instant();
        String sale = "iam-wave";
        expect(201, post("/admin/sales", admin, null, "{\"saleId\":\"" + sale + "\",\"sku\":\"M3\",\"title\":\"Poco M3\","
                + "\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":8,\"perCustomerLimit\":1,"
                + "\"opensAt\":\"" + now.minusSeconds(5) + "\",\"closesAt\":\"" + now.plus(Duration.ofDays(1)) + "\",\"holdSeconds\":60}"));
        expect(200, post("/admin/sales/" + sale + "/restock", admin, "restock-1", "{\"quantity\":2}"));
        expect(200, post("/admin/sales/" + sale + "/reopen", admin, null, "{\"opensAt\":\"" + now.minusSeconds(1)
                + "\",\"closesAt\":\"" + now.plus(Duration.ofDays(2)) + "\"}"));
        expect(200, get("/sales/" + sale, null));
        channelPools(admin, now);

        Map<String, String> orders = new LinkedHashMap<>();
        for (String customer : List.of("paid", "declined", "timeout", "walks-away", "cancels", "refunds-by-admin",
                "rejected", "admin-reserved", "cancels-paid", "provider-down")) {
            orders.put(customer, orderId(expect(201, post("/sales/" + sale + "/reservations", tokens.customer(customer),
                    "key-" + customer, "{\"quantity\":1}"))));
        }
        orders.put("queued", waitingRoom(admin, now));
        // the same Idempotency-Key again: the same order, read back
        expect(200, post("/sales/" + sale + "/reservations", tokens.customer("paid"), "key-paid", "{\"quantity\":1}"));

        pay(orders, "paid", "tok_approve", 200);
        pay(orders, "declined", "tok_decline", 402);
        pay(orders, "timeout", "tok_timeout", 202);
        pay(orders, "refunds-by-admin", "tok_approve", 200);
        pay(orders, "rejected", "tok_approve", 200);
        pay(orders, "cancels-paid", "tok_approve", 200);
        pay(orders, "provider-down", "tok_unavailable", 202);

        // the workers before anything is due: holds and payment graces are not over, so their messages come back later
        CheckoutRig.pause(Duration.ofMillis(1200));
        workers.pollOnce();

        expect(200, post("/orders/" + orders.get("cancels") + "/cancel", tokens.customer("cancels"), null, ""));
        expect(200, post("/orders/" + orders.get("cancels-paid") + "/cancel", tokens.customer("cancels-paid"), null, ""));
        refundOutOfBand(orders.get("rejected"));
        expect(200, post("/admin/orders/cancel", admin, null, "{\"orderIds\":[\"" + orders.get("refunds-by-admin") + "\",\""
                + orders.get("rejected") + "\",\"" + orders.get("admin-reserved") + "\"],\"reason\":\"unusual activity\"}"));
        expect(200, get("/orders/" + orders.get("paid"), tokens.customer("paid")));
        expect(200, get("/me/orders?limit=5", tokens.customer("paid")));
        expect(200, get("/me/export", tokens.customer("cancels-paid")));
        expect(200, get("/admin/orders/" + orders.get("paid"), admin));
        // the operator's side: the sale's orders (bySale; one customer's: byCustomer), its review, a review cancel of
        // an order cancelled already (changes nothing), the live figures (the DLQs' depths too), the admin log
        expect(200, get("/admin/sales/" + sale + "/orders?status=PAID&limit=2", admin));
        expect(200, get("/admin/sales/" + sale + "/orders?customer=paid", admin));
        expect(200, get("/admin/sales/" + sale + "/review", admin));
        expect(200, get("/admin/sales/" + sale + "/live", admin));
        expect(200, post("/admin/sales/" + sale + "/review/cancel", admin, null, "{\"orderIds\":[\""
                + orders.get("cancels") + "\"],\"reason\":\"unusual activity\"}"));
        expect(200, get("/admin/audit?saleId=" + sale, admin));

        // an hour on: holds are over, the unknown payment is past its grace, the refunds are older than the relay grace
        clock.advance(Duration.ofHours(1));
        workers.sweep();
        drain();

        Map<String, String> statuses = new LinkedHashMap<>();
        for (Map.Entry<String, String> order : orders.entrySet()) {
            statuses.put(order.getKey(), status(get("/admin/orders/" + order.getValue(), admin)));
        }
        int finance = depth(QueueNames.REFUND_ISSUED.name(prefix));
        int parked = depth(QueueNames.REFUNDS.deadLetterName(prefix));
        return new Outcome(statuses, finance, parked);
    }

    /**
     * A sale with channel pools: the local app client sells in channel "web"; units move from the shared pool to it,
     * it is restocked, a shopper reserves from it and a request naming another channel is refused.
     */
    private void channelPools(String admin, Instant now) throws IOException, InterruptedException {
        String sale = "iam-pools";
        expect(201, post("/admin/sales", admin, null, "{\"saleId\":\"" + sale + "\",\"sku\":\"M3\",\"title\":\"Poco M3\","
                + "\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":4,\"perCustomerLimit\":1,"
                + "\"opensAt\":\"" + now.minusSeconds(5) + "\",\"closesAt\":\"" + now.plus(Duration.ofDays(1)) + "\",\"holdSeconds\":60,"
                + "\"channels\":[{\"name\":\"web\",\"stock\":2,\"clients\":[\"" + LocalTokens.CLIENT_ID + "\"]},"
                + "{\"name\":\"mi\",\"stock\":1,\"clients\":[\"mi-app\"]}],\"shared\":{\"stock\":1}}"));
        expect(200, post("/admin/sales/" + sale + "/pools/move", admin, "move-key-1", "{\"from\":\"shared\",\"to\":\"web\",\"units\":1}"));
        expect(200, post("/admin/sales/" + sale + "/restock", admin, "restock-2", "{\"quantity\":1,\"pool\":\"web\"}"));
        expect(403, post("/sales/" + sale + "/reservations", tokens.customer("pooled"), "key-pooled", "{\"quantity\":1,\"channel\":\"mi\"}"));
        expect(201, post("/sales/" + sale + "/reservations", tokens.customer("pooled"), "key-pooled", "{\"quantity\":1}"));
        expect(200, get("/sales/" + sale, null));
    }

    /**
     * A sale with a waiting room: a reserve without an admission token is refused; the shopper joins, the advancer
     * ticks twice a (journey) second apart, the shopper's poll says YOUR_TURN with a token, and the reserve with it
     * makes the order of the only unit; two more ticks count the live holds of the empty shelf.
     */
    private String waitingRoom(String admin, Instant now) throws IOException, InterruptedException {
        String sale = "iam-room";
        expect(201, post("/admin/sales", admin, null, "{\"saleId\":\"" + sale + "\",\"sku\":\"M3\",\"title\":\"Poco M3\","
                + "\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":1,\"perCustomerLimit\":1,"
                + "\"opensAt\":\"" + now.minusSeconds(5) + "\",\"closesAt\":\"" + now.plus(Duration.ofDays(1)) + "\",\"holdSeconds\":60,"
                + "\"admission\":{\"mode\":\"queue\",\"ratePerSecond\":5}}"));
        String shopper = tokens.customer("queued");
        expect(403, post("/sales/" + sale + "/reservations", shopper, "key-queued", "{\"quantity\":1}"));
        String ticket = field(expect(201, post("/sales/" + sale + "/queue", shopper, null, "")), "ticket");
        workers.advanceQueues();
        clock.advance(Duration.ofSeconds(1));
        workers.advanceQueues();
        CheckoutRig.pause(Duration.ofMillis(600));
        HttpResponse<String> standing = expect(200, http.send(HttpRequest.newBuilder(api.baseUri().resolve("/sales/" + sale + "/queue"))
                .header("Authorization", "Bearer " + shopper).header("Queue-Ticket", ticket).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(field(standing, "status")).as(standing.body()).isEqualTo("YOUR_TURN");
        HttpRequest reserve = HttpRequest.newBuilder(api.baseUri().resolve("/sales/" + sale + "/reservations"))
                .header("Authorization", "Bearer " + shopper).header("Content-Type", "application/json")
                .header("Idempotency-Key", "key-queued").header("Admission-Token", field(standing, "admissionToken"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build();
        String orderId = orderId(expect(201, http.send(reserve, HttpResponse.BodyHandlers.ofString())));
        // the only unit is held: the next tick sees the shelf empty, the one after counts the live holds (bySale)
        workers.advanceQueues();
        clock.advance(Duration.ofSeconds(1));
        workers.advanceQueues();
        return orderId;
    }

    private static String field(HttpResponse<String> response, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as(name + " in " + response.body()).isTrue();
        return m.group(1);
    }

    private void pay(Map<String, String> orders, String customer, String token, int expected) throws IOException, InterruptedException {
        expect(expected, post("/orders/" + orders.get(customer) + "/payment", tokens.customer(customer), null,
                "{\"paymentToken\":\"" + token + "\"}"));
    }

    /** Someone refunds the whole charge in the provider's dashboard: the checkout's own refund of it is then rejected. */
    private void refundOutOfBand(String orderId) {
        Order order = new DynamoOrderStore(dynamo, tables).find(orderId).orElseThrow();
        try (HttpPaymentGateway gateway = new HttpPaymentGateway(new PaymentProviderSettings(psp.baseUri(), psp.config().apiKey(),
                Duration.ofSeconds(1), Duration.ofSeconds(2)))) {
            assertThat(gateway.refund(new RefundRequest("dashboard-" + orderId, order.chargeId(), Money.of("149.00", "EUR"))))
                    .isInstanceOf(RefundOutcome.Refunded.class);
        }
    }

    /** Steps the workers until the work queues and the stream are empty (a rejected refund reaches its DLQ). */
    private void drain() {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int idle = 0;
        while (idle < 2) {
            assertThat(System.nanoTime()).as("the queues did not drain in 90 s").isLessThan(deadline);
            int handled = workers.pollOnce();
            boolean empty = List.of(QueueNames.HOLD_EXPIRY, QueueNames.CHECKOUT_RECOVERY, QueueNames.REFUNDS).stream()
                    .allMatch(q -> inFlight(q.name(prefix)) == 0);
            idle = handled == 0 && empty ? idle + 1 : 0;
            if (handled == 0) {
                CheckoutRig.pause(Duration.ofMillis(200));
            }
        }
    }

    private int inFlight(String queue) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrls.get(queue)).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes().values().stream().mapToInt(Integer::parseInt).sum();
    }

    private int depth(String queue) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrls.get(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body())
                .isEqualTo(status);
        return response;
    }

    private static String orderId(HttpResponse<String> response) {
        Matcher m = ORDER_ID.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    private static String status(HttpResponse<String> response) {
        Matcher m = STATUS.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> post(String path, String token, String idempotencyKey, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.baseUri().resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.baseUri().resolve(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("journey part did not stop cleanly: " + e);
            }
        }
        parts.clear();
    }
}
