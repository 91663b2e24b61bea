package io.flashcheckout.local;

import io.flashcheckout.admission.WaitingRoomStore;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.backends.LocalDynamoDb;
import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.local.template.TemplateResources;
import io.flashcheckout.local.throttle.PartitionThrottle;
import io.flashcheckout.local.throttle.ThrottlingHttpClient;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoWaitingRoomStore;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 joins a second must not throttle: the waiting room's join counters against DynamoDB's per-partition write
 * cap, as the local stack's throttle emulates it ({@link PartitionThrottle}: 1,000 write units a second per partition
 * key, here with a second of burst). Scaled as {@code rehearse --throttle} scales: the cap divided by K = 20 and the
 * joins too, so 500 joins a second against 50 units a second per key stand for 10,000 against 1,000. The counters
 * sharded as the store shards them take them all; the same joins on one counter item are throttled.
 */
class JoinCountersThrottleTest {
    private static final int SCALE = 20;
    private static final int JOINS_PER_SECOND = 10_000 / SCALE;
    private static final int SECONDS = 4;

    private static LocalDynamoDb dynamoDb;
    private static DynamoDbClient plain;
    private static DynamoDbClient throttled;
    private static PartitionThrottle throttle;
    private static CheckoutTables tables;

    @BeforeAll
    static void start() {
        LocalAwsProperties.set();
        LocalStack.keepConnectionsAlive();
        dynamoDb = LocalDynamoDb.start(0, null);
        plain = LocalAws.dynamoDb(dynamoDb.endpoint());
        String prefix = "joins" + UUID.randomUUID().toString().substring(0, 6) + "-";
        new TemplateResources(CloudFormationTemplate.bundled(), prefix).createMissingTables(plain);
        tables = CheckoutTables.withPrefix(prefix);
        throttle = new PartitionThrottle(2);
        throttle.capTables(plain, List.of(tables.sales()));
        // no SDK retries: every throttled write is seen as one
        throttled = DynamoDbClient.builder().httpClient(new ThrottlingHttpClient(UrlConnectionHttpClient.create(), throttle))
                .endpointOverride(dynamoDb.endpoint())
                .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        throttled.close();
        plain.close();
        dynamoDb.close();
    }

    @Test
    void tenThousandJoinsASecondOverTheShardedCountersAreNotThrottledAndOnOneCounterTheyAre() throws InterruptedException {
        DynamoWaitingRoomStore store = new DynamoWaitingRoomStore(throttled, tables);
        for (int i = 0; i < 2_000; i++) { // DynamoDB Local runs 2-3x slower in its first seconds (JIT)
            store.countJoin("warm-up", 1, i % WaitingRoomStore.JOIN_SHARDS);
        }
        Result sharded = joins(store, "sharded", () -> ThreadLocalRandom.current().nextInt(WaitingRoomStore.JOIN_SHARDS));
        Result oneKey = joins(store, "one-key", () -> 0);
        System.out.printf("join counters at %.0f joins/s (x%d = %.0f/s against 1,000 WCU/s per key): %d shards -> %d of %d "
                        + "throttled; one counter -> %d of %d throttled%n", sharded.perSecond(), SCALE, sharded.perSecond() * SCALE,
                WaitingRoomStore.JOIN_SHARDS, sharded.throttled(), sharded.sent(), oneKey.throttled(), oneKey.sent());

        // no assertion on the rate reached (a loaded machine sends fewer): the figure above says what was reached, and one
        // counter is throttled at any rate over its 50 units a second while the 16 are not up to 800 joins a second
        assertThat(sharded.throttled()).isZero();
        assertThat(oneKey.throttled()).as("one counter item takes ~50 of them a second").isGreaterThan(oneKey.sent() / 2);
    }

    record Result(long sent, long throttled, double perSecond) {}

    /** {@value #JOINS_PER_SECOND} joins a second for {@value #SECONDS} s, paced by 50 threads, into one rank second. */
    private static Result joins(DynamoWaitingRoomStore store, String sale, IntSupplier shard) throws InterruptedException {
        throttle.enable(1000.0 / SCALE, 1000.0 / SCALE, Set.of(), 1.0);
        AtomicLong refused = new AtomicLong();
        int threads = 50;
        long perThread = (long) JOINS_PER_SECOND * SECONDS / threads;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * threads / JOINS_PER_SECOND;
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                long offset = intervalNanos * t / threads;
                pool.submit(() -> {
                    for (long i = 0; i < perThread; i++) {
                        long due = started + offset + i * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        try {
                            store.countJoin(sale, 1, shard.getAsInt());
                        } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = Duration.ofNanos(System.nanoTime() - started).toNanos() / 1e9;
        long sent = perThread * threads;
        throttle.disable();
        return new Result(sent, refused.get(), sent / seconds);
    }
}
