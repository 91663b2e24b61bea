package io.flashcheckout.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.emulation.StreamPoller;
import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.sqs.SqsCheckoutQueues;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.workers.OrderRelayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The real checkout services on DynamoDB Local (over HTTP) and ElasticMQ, both in this JVM, started through the
 * public {@link LocalStack} (tables and queues as {@code infra/template.yaml} declares them; no queue workers).
 * The services come out of the functions' own Micronaut wiring ({@code CheckoutFactory}), as in the test rig; only
 * two beans are put in place: the DynamoDB client (built as {@code CheckoutFactory} builds it, plus the benchmark's
 * {@link ApiCalls} interceptor and, if given, a wrapper around its HTTP client) and the queue port
 * ({@link TimedQueues} in front of the real SQS one). {@link #startOrderRelay} runs the orders stream's relay in this
 * JVM, as the local stack does.
 */
public final class LocalCheckout implements AutoCloseable {
    public static final String PREFIX = "flash-checkout-";
    /** The hold of the sales {@link #createSale} makes. */
    public static final Duration SALE_HOLD = Duration.ofSeconds(600);

    private final LocalStack stack;
    private final DynamoDbClient serviceClient;
    private final ApplicationContext context;
    private final ApiCalls calls = new ApiCalls();
    private final TimedQueues queues;
    private Thread relay;
    private DynamoDbStreamsClient relayStreams;

    private LocalCheckout(int httpConnections, UnaryOperator<SdkHttpClient> wrapHttp) {
        // HttpURLConnection keeps at most 5 idle connections per host unless told otherwise (read once per JVM);
        // each client thread stands for a warm function instance with its own connection, so keep one per thread
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, httpConnections)));
        }
        Supplier<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> noApi =
                () -> (event, lambda) -> APIGatewayV2HTTPResponse.builder().withStatusCode(404).build();
        stack = LocalStack.start(LocalStack.Settings.defaults(LocalTokens.generateSecret())
                .withPorts(0, 0, 0, 0)
                .withDemoSale(false)
                .withHandler(noApi)
                .withWorkers(false, Duration.ofMinutes(1))
                .withAccessLog(null));
        ApplicationContext ctx = null;
        DynamoDbClient client = null;
        try {
            // region and credentials from the SDK's default chains (LocalStack set the aws.* system properties)
            client = DynamoDbClient.builder()
                    .httpClient(wrapHttp.apply(UrlConnectionHttpClient.create()))
                    .endpointOverride(stack.dynamoDbEndpoint())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(calls))
                    .build();
            DynamoDbClient dynamo = client;
            ctx = ApplicationContext.builder().properties(Map.of(
                    LocalStack.TABLES_PREFIX, PREFIX,
                    LocalStack.DYNAMODB_ENDPOINT, stack.dynamoDbEndpoint().toString(),
                    LocalStack.SQS_ENDPOINT, stack.sqsEndpoint().toString())).build();
            ApplicationContext started = ctx;
            TimedQueues timed = new TimedQueues(() -> started.getBean(SqsCheckoutQueues.class), SALE_HOLD);
            ctx.registerBeanDefinition(RuntimeBeanDefinition.builder(DynamoDbClient.class, () -> dynamo)
                    .replaces(DynamoDbClient.class).build());
            ctx.registerBeanDefinition(RuntimeBeanDefinition.builder(CheckoutQueues.class, () -> timed)
                    .replaces(CheckoutQueues.class).build());
            ctx.start();
            if (ctx.getBean(DynamoDbClient.class) != dynamo) {
                throw new IllegalStateException("the benchmark's DynamoDB client did not replace CheckoutFactory's");
            }
            this.serviceClient = client;
            this.context = ctx;
            this.queues = timed;
        } catch (RuntimeException | Error e) {
            if (ctx != null && ctx.isRunning()) {
                ctx.close();
            }
            if (client != null) {
                client.close();
            }
            stack.close();
            throw e;
        }
    }

    /**
     * @param httpConnections client threads that will call at once (each keeps its HTTP connection)
     * @param wrapHttp        wraps the HTTP client of the services' DynamoDB client (identity for none)
     */
    public static LocalCheckout start(int httpConnections, UnaryOperator<SdkHttpClient> wrapHttp) {
        return new LocalCheckout(httpConnections, wrapHttp);
    }

    public ReserveService reserve() {
        return context.getBean(ReserveService.class);
    }

    public SaleService sales() {
        return context.getBean(SaleService.class);
    }

    public SaleStore saleStore() {
        return context.getBean(SaleStore.class);
    }

    public CheckoutTables tables() {
        return CheckoutTables.withPrefix(PREFIX);
    }

    /** The client the services use (with the interceptor and any HTTP wrapper). */
    public DynamoDbClient serviceClient() {
        return serviceClient;
    }

    /** A plain client of the same DynamoDB Local, for setting up and checking. */
    public DynamoDbClient plainClient() {
        return stack.dynamoDbClient();
    }

    public ApiCalls calls() {
        return calls;
    }

    public TimedQueues queues() {
        return queues;
    }

    /**
     * Starts the real {@link OrderRelayHandler} on the orders table's stream, polled every {@code every} (at once
     * again only after a full page), with the template's filter criteria; it stops when this checkout closes.
     */
    public StreamPoller startOrderRelay(Duration every) {
        DynamoDbStreamsClient streams = LocalAws.streams(stack.dynamoDbEndpoint());
        StreamPoller poller = StreamPoller.forTable(plainClient(), streams, tables().orders(), "OrdersTable",
                "flash-checkout-order-relay", new OrderRelayHandler(context));
        relay = Thread.ofPlatform().daemon().name("order-relay").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (poller.pollOnce() < StreamPoller.BATCH) {
                        Thread.sleep(every);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        System.err.println("order relay: " + e);
                    }
                }
            }
        });
        relayStreams = streams;
        return poller;
    }

    /** Creates a sale open from a minute ago for a day, one unit per customer, through the real SaleService. */
    public Sale createSale(String saleId, long stock, int shards) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return sales().create(new NewSale(saleId, "BENCH-PHONE", "Bench phone", Money.of("199.00", "EUR"), stock, 1,
                now.minusSeconds(60), now.plus(Duration.ofDays(1)), (int) SALE_HOLD.toSeconds(), shards)).sale();
    }

    /** What a sale holds now: units left on its shards, its orders and their units (read with a plain client). */
    public record Stocktake(long available, long[] perShard, long orders, long orderedUnits, long countedUnits) {
        /** Exactly {@code stock} sold: every shard at zero, and orders, their units and the counts all equal to it. */
        public boolean soldExactly(long stock) {
            return available == 0 && Arrays.stream(perShard).allMatch(u -> u == 0)
                    && orders == stock && orderedUnits == stock && countedUnits == stock;
        }

        public boolean anyShardNegative() {
            return Arrays.stream(perShard).anyMatch(u -> u < 0);
        }
    }

    public Stocktake stocktake(String saleId) {
        Sale sale = saleStore().find(saleId).orElseThrow();
        long[] perShard = saleStore().shardStock(sale);
        long orders = 0;
        long orderedUnits = 0;
        long countedUnits = 0;
        ScanRequest scan = ScanRequest.builder().tableName(tables().orders()).consistentRead(true)
                .filterExpression("begins_with(pk, :order) AND saleId = :sale OR begins_with(pk, :limit)")
                .expressionAttributeValues(Map.of(":order", AttributeValue.fromS("ORDER#"),
                        ":sale", AttributeValue.fromS(saleId), ":limit", AttributeValue.fromS("LIMIT#" + saleId + "#")))
                .projectionExpression("pk, quantity, units")
                .build();
        for (ScanResponse page : plainClient().scanPaginator(scan)) {
            for (Map<String, AttributeValue> item : page.items()) {
                if (item.get("pk").s().startsWith("ORDER#")) {
                    orders++;
                    orderedUnits += Long.parseLong(item.get("quantity").n());
                } else {
                    countedUnits += Long.parseLong(item.get("units").n());
                }
            }
        }
        return new Stocktake(Arrays.stream(perShard).sum(), perShard, orders, orderedUnits, countedUnits);
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.interrupt();
            try {
                relay.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            relayStreams.close();
        }
        try {
            context.close();
        } finally {
            try {
                serviceClient.close();
            } finally {
                stack.close();
            }
        }
    }
}
