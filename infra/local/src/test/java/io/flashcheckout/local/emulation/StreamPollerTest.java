package io.flashcheckout.local.emulation;

import io.flashcheckout.local.LocalAwsProperties;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.backends.LocalDynamoDb;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream poller on DynamoDB Local: every record reaches the function once and in order, batches of at most
 * {@link StreamPoller#BATCH}, a failed batch is read again from the failed record; and a busy stream is read with one
 * GetRecords per batch, not a DescribeStream and a GetShardIterator beside each.
 */
class StreamPollerTest {
    private static LocalDynamoDb local;
    private static DynamoDbClient dynamo;
    private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() {
        LocalAwsProperties.set();
        local = LocalDynamoDb.start(0, null);
        dynamo = LocalAws.dynamoDb(local.endpoint());
        streams = DynamoDbStreamsClient.builder().endpointOverride(local.endpoint()).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                                k -> new AtomicInteger()).incrementAndGet();
                    }
                }))
                .build();
    }

    @AfterAll
    static void stop() {
        streams.close();
        dynamo.close();
        local.close();
    }

    @Test
    void aBusyStreamIsReadOnceInOrderWithOneGetRecordsPerBatch() {
        String table = table("busy");
        List<String> handed = new ArrayList<>();
        List<Integer> batchSizes = new ArrayList<>();
        StreamPoller poller = poller(table, event -> {
            batchSizes.add(event.getRecords().size());
            event.getRecords().forEach(r -> handed.add(r.getDynamodb().getKeys().get("pk").getS()));
            return new StreamsEventResponse();
        });
        write(table, 0, 350);
        calls.clear();

        int got = 0;
        for (int n = poller.pollOnce(); n > 0; n = poller.pollOnce()) {
            got += n;
        }

        assertThat(got).isEqualTo(350);
        assertThat(handed).containsExactlyElementsOf(keys(0, 350));
        assertThat(batchSizes).allMatch(size -> size <= StreamPoller.BATCH);
        // 4 pages (100, 100, 100, 50) and the empty read that ends the loop; the full pages' iterators were followed
        assertThat(calls.get("GetRecords")).hasValue(5);
        assertThat(calls.get("GetShardIterator")).hasValue(2);
        assertThat(calls.getOrDefault("DescribeStream", new AtomicInteger())).hasValueLessThanOrEqualTo(1);

        write(table, 350, 360);
        int more = poller.pollOnce();
        assertThat(more).isEqualTo(10);
        assertThat(handed).containsExactlyElementsOf(keys(0, 360));
    }

    @Test
    void aFailedRecordIsHandedAgainWithTheRecordsAfterItAndNothingBefore() {
        String table = table("failing");
        List<String> handed = new ArrayList<>();
        AtomicInteger invocations = new AtomicInteger();
        StreamPoller poller = poller(table, event -> {
            int call = invocations.incrementAndGet();
            event.getRecords().forEach(r -> handed.add(r.getDynamodb().getKeys().get("pk").getS()));
            StreamsEventResponse response = new StreamsEventResponse();
            if (call == 1) {
                // the first batch fails at its 51st record (a full page: the iterator it gave must not be followed)
                response.setBatchItemFailures(List.of(new StreamsEventResponse.BatchItemFailure(
                        event.getRecords().get(50).getDynamodb().getSequenceNumber())));
            }
            return response;
        });
        write(table, 0, 150);

        while (poller.pollOnce() > 0) {
            // until the stream is read
        }

        List<String> expected = new ArrayList<>(keys(0, 100));
        expected.addAll(keys(50, 150));
        assertThat(handed).containsExactlyElementsOf(expected);
    }

    private StreamPoller poller(String table, java.util.function.Function<DynamodbEvent, StreamsEventResponse> function) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        return new StreamPoller(streams, arn, "flash-checkout-test-relay", StreamFilter.none(),
                (event, context) -> function.apply(event));
    }

    private static String table(String name) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        return name;
    }

    private static void write(String table, int from, int to) {
        for (String key : keys(from, to)) {
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(key))));
        }
    }

    private static List<String> keys(int from, int to) {
        List<String> keys = new ArrayList<>();
        for (int i = from; i < to; i++) {
            keys.add(String.format("item-%04d", i));
        }
        return keys;
    }
}
