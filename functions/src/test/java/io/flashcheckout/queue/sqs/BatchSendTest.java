package io.flashcheckout.queue.sqs;

import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.Messages;
import io.flashcheckout.queue.OutboxMessage;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.support.ElasticMqLocal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The relays' batch send on ElasticMQ: ten entries a call, each with its own delay and schema. */
class BatchSendTest {
    private static final Instant AT = Instant.parse("2026-11-23T10:10:00Z");

    private static String orderId(int i) {
        return "o-" + String.format("%032x", i);
    }

    @Test
    void manyMessagesGoOutTenACallEachToItsQueueWithItsDelay() {
        String prefix = "b" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<QueueNames, String> urls = ElasticMqLocal.shared().createQueues(prefix);
        List<Integer> batchSizes = new ArrayList<>();
        SqsClient counting = SqsClient.builder().endpointOverride(ElasticMqLocal.shared().endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("x", "x")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof SendMessageBatchRequest batch) {
                            batchSizes.add(batch.entries().size());
                        }
                    }
                })).build();
        SqsCheckoutQueues queues = new SqsCheckoutQueues(counting, prefix, urls, Duration.ofMinutes(15));
        List<OutboxMessage> messages = new ArrayList<>();
        IntStream.range(0, 23).forEach(i -> messages.add(OutboxMessage.recovery(RecoveryMessage.of(orderId(i), 1), Duration.ZERO)));
        messages.add(2, OutboxMessage.holdExpiry(HoldExpiryMessage.of(orderId(99), AT), Duration.ofMinutes(10)));
        messages.add(5, OutboxMessage.holdExpiry(HoldExpiryMessage.of(orderId(98), AT), Duration.ofHours(1)));

        List<Integer> failed = queues.sendAll(messages);

        assertThat(failed).isEmpty();
        assertThat(batchSizes).containsExactly(10, 10, 3, 2);
        List<Message> recoveries = ElasticMqLocal.shared().takeAll(urls.get(QueueNames.CHECKOUT_RECOVERY));
        assertThat(recoveries).hasSize(23).allSatisfy(m -> assertThat(m.messageAttributes().get("schema").stringValue())
                .isEqualTo("checkout-recovery.v1"));
        assertThat(recoveries.stream().map(m -> Messages.recovery(m.body()).orderId()).toList())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 23).mapToObj(BatchSendTest::orderId).toList());
        assertThat(ElasticMqLocal.shared().takeAll(urls.get(QueueNames.HOLD_EXPIRY))).as("both delayed").isEmpty();
        assertThat(counting.getQueueAttributes(b -> b.queueUrl(urls.get(QueueNames.HOLD_EXPIRY))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).isEqualTo("2");
    }

    @Test
    void aQueueThatCannotBeReachedFailsOnlyItsOwnMessagesAfterItsRetries() {
        String prefix = "f" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<QueueNames, String> urls = ElasticMqLocal.shared().createQueues(prefix);
        ElasticMqLocal.shared().client().deleteQueue(b -> b.queueUrl(urls.get(QueueNames.HOLD_EXPIRY)));
        SqsCheckoutQueues queues = new SqsCheckoutQueues(ElasticMqLocal.shared().client(), prefix, urls, Duration.ofMinutes(15));

        List<Integer> failed = queues.sendAll(List.of(
                OutboxMessage.recovery(RecoveryMessage.of(orderId(1), 1), Duration.ZERO),
                OutboxMessage.holdExpiry(HoldExpiryMessage.of(orderId(2), AT), Duration.ZERO),
                OutboxMessage.recovery(RecoveryMessage.of(orderId(3), 1), Duration.ZERO),
                OutboxMessage.holdExpiry(HoldExpiryMessage.of(orderId(4), AT), Duration.ZERO)));

        assertThat(failed).containsExactly(1, 3);
        assertThat(ElasticMqLocal.shared().takeAll(urls.get(QueueNames.CHECKOUT_RECOVERY))).hasSize(2);
    }
}
