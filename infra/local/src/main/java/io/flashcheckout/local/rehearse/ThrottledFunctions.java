package io.flashcheckout.local.rehearse;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.local.emulation.HttpFunctions;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.throttle.PartitionThrottle;
import io.flashcheckout.local.throttle.ThrottlingHttpClient;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The embedded stack's functions (the API handler and the workers) with DynamoDB's per-partition write cap under
 * their DynamoDB client: each Micronaut context gets the client {@code CheckoutFactory} would build, with a
 * {@link ThrottlingHttpClient} in front of its HTTP client, all over one {@link PartitionThrottle} (the same
 * partitions, whichever function writes). Scaled as the hot-partition benchmark scales it: the rehearsal's sale
 * stands for one {@code scale} times bigger (stock, crowd and rates), so the keys every shopper shares (stock shards,
 * the sale item, the byDue index partitions) get {@code partitionCap / scale}; the keys of one shopper, order or
 * refund keep the real cap, as their load does not grow with the sale. The rehearsal runs in real time (a 60 s
 * hold is 60 s), so there is no clock factor: {@code scale} must bring the capped rate under what this machine
 * serves, or the machine and not the caps sets the pace.
 */
final class ThrottledFunctions implements AutoCloseable {
    /**
     * Kinds of key written for one shopper, order or refund (a card's or a verified phone's count in a sale, an
     * order's late check included: their load does not grow with the sale).
     */
    static final Set<String> OWN_CAP_KINDS = Set.of("LIMIT", "ORDER", "REFUND", "index:byCustomer", "CARD", "PHONE",
            "LATECHECK");

    /**
     * @param partitionCap     DynamoDB's write units a second per partition (1,000)
     * @param scale            k: the shared keys' cap is divided by it
     * @param burstSeconds     seconds of its cap a key's bucket holds (at least one transaction's units)
     * @param transactionUnits write units per item of a TransactWriteItems (DynamoDB bills 2)
     */
    record Caps(double partitionCap, double scale, double burstSeconds, double transactionUnits) {
        Caps {
            if (partitionCap <= 0 || scale < 1 || burstSeconds <= 0 || transactionUnits <= 0) {
                throw new IllegalArgumentException("--partition-cap, --burst and --transaction-units must be positive, "
                        + "--throttle-scale at least 1");
            }
        }

        double sharedCap() {
            return partitionCap / scale;
        }

        /** Reservations a second the stock shards let through at most (one shard item per reserve). */
        double reservesPerSecond(int shards) {
            return shards * sharedCap() / transactionUnits;
        }

        String describe(int shards) {
            return String.format(Locale.ROOT, "DynamoDB's %.0f write units/s per partition key, scaled by k = %.0f: "
                            + "%.2f units/s per shared key (stock shards, sale item, byDue index partitions; %.2f "
                            + "reservations/s per shard, %.1f/s over %d shards), %.0f units/s per key of one shopper, order "
                            + "or refund; buckets hold %.2f s of their cap; %.0f units per transactional item",
                    partitionCap, scale, sharedCap(), sharedCap() / transactionUnits, reservesPerSecond(shards), shards,
                    partitionCap, burstSeconds, transactionUnits);
        }
    }

    private final Caps caps;
    private final PartitionThrottle throttle;
    private final UnaryOperator<SdkHttpClient> around;
    private final List<DynamoDbClient> clients = new CopyOnWriteArrayList<>();

    ThrottledFunctions(Caps caps) {
        this(caps, UnaryOperator.identity());
    }

    /**
     * @param caps   null: the throttle never caps (only {@code around} acts)
     * @param around wraps the functions' DynamoDB HTTP client once more (a scenario's outage)
     */
    ThrottledFunctions(Caps caps, UnaryOperator<SdkHttpClient> around) {
        this.caps = caps;
        this.throttle = new PartitionThrottle(caps == null ? 2 : caps.transactionUnits());
        this.around = around == null ? UnaryOperator.identity() : around;
    }

    Caps caps() {
        return caps;
    }

    PartitionThrottle throttle() {
        return throttle;
    }

    /** The API's functions, as Lambda builds them, with the throttled client. Called by the stack once it is configured. */
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> apiHandler() {
        return HttpFunctions.owning(started(new LambdaApplicationContextBuilder()));
    }

    /** The worker functions' context, with the throttled client. */
    ApplicationContext workers() {
        return started(ApplicationContext.builder());
    }

    /** Starts capping writes to the stack's tables (their key schemas read from DynamoDB), all buckets full. */
    void enable(DynamoDbClient dynamo, CheckoutTables tables) {
        if (caps == null) {
            return;
        }
        throttle.capTables(dynamo, List.of(tables.sales(), tables.orders(), tables.refunds()));
        throttle.enable(caps.sharedCap(), caps.partitionCap(), OWN_CAP_KINDS, caps.burstSeconds());
    }

    private ApplicationContext started(ApplicationContextBuilder builder) {
        ApplicationContext context = builder.build();
        DynamoDbClient client = client();
        context.registerBeanDefinition(RuntimeBeanDefinition.builder(DynamoDbClient.class, () -> client)
                .replaces(DynamoDbClient.class).build());
        context.start();
        if (context.getBean(DynamoDbClient.class) != client) {
            context.close();
            throw new IllegalStateException("the throttled DynamoDB client did not replace CheckoutFactory's");
        }
        return context;
    }

    /** As {@code CheckoutFactory} builds it (region and credentials from the SDK's chains), throttled. */
    private DynamoDbClient client() {
        String endpoint = System.getProperty(LocalStack.DYNAMODB_ENDPOINT);
        if (endpoint == null) {
            throw new IllegalStateException(LocalStack.DYNAMODB_ENDPOINT + " is not set: start the stack first");
        }
        DynamoDbClient client = DynamoDbClient.builder()
                .httpClient(around.apply(new ThrottlingHttpClient(UrlConnectionHttpClient.create(), throttle)))
                .endpointOverride(URI.create(endpoint))
                .build();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        throttle.disable();
        clients.forEach(DynamoDbClient::close);
        clients.clear();
    }
}
