package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.sqs.SqsCheckoutQueues;
import io.flashcheckout.support.ElasticMqLocal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed message comes back after a delay that depends on whether it could ever succeed: a refusal about the
 * message itself (an unknown order) after 1 s, on its way to the dead-letter queue; a transient one (DynamoDB
 * throttled the write even after the checkout's retries) only after the backoff, like any other failure.
 */
class QueueBatchTest {
    private static final Duration BACKOFF = Duration.ofSeconds(30);

    private static SQSBatchResponse handleOneMessageThrowing(RuntimeException failure, String prefix) {
        SqsClient sqs = ElasticMqLocal.shared().client();
        Map<QueueNames, String> urls = ElasticMqLocal.shared().createQueues(prefix);
        String url = urls.get(QueueNames.HOLD_EXPIRY);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("{}"));
        Message received = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages().get(0);
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(received.messageId());
        message.setReceiptHandle(received.receiptHandle());
        message.setBody(received.body());
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        QueueBatch batch = new QueueBatch(QueueNames.HOLD_EXPIRY, body -> { throw failure; },
                new SqsCheckoutQueues(sqs, prefix, urls, Duration.ofMinutes(15)), new RetryBackoff(BACKOFF, BACKOFF));
        return batch.process(event);
    }

    private static boolean visibleAgainWithin(String prefix, Duration wait) {
        String url = ElasticMqLocal.shared().createQueues(prefix).get(QueueNames.HOLD_EXPIRY);
        return !ElasticMqLocal.shared().client().receiveMessage(b -> b.queueUrl(url)
                .waitTimeSeconds((int) wait.toSeconds())).messages().isEmpty();
    }

    @Test
    void aThrottledWriteBacksOffInsteadOfHeadingForTheDeadLetterQueue() {
        String prefix = "qb" + UUID.randomUUID().toString().substring(0, 6) + "-";

        SQSBatchResponse response = handleOneMessageThrowing(
                new CheckoutException.Busy("the store is busy (ThrottlingError); try again", null), prefix);

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(visibleAgainWithin(prefix, Duration.ofSeconds(4))).as("back within 4 s: treated as hopeless").isFalse();
    }

    @Test
    void aMessageThatCanNeverSucceedComesBackAtOnceOnItsWayToTheDeadLetterQueue() {
        String prefix = "qb" + UUID.randomUUID().toString().substring(0, 6) + "-";

        SQSBatchResponse response = handleOneMessageThrowing(new CheckoutException.NotFound("no order o-x"), prefix);

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(visibleAgainWithin(prefix, Duration.ofSeconds(4))).isTrue();
    }
}
