package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.sqs.SqsCheckoutQueues;
import io.flashcheckout.support.ElasticMqLocal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed message comes back after a delay that depends on whether it could ever succeed: a refusal about the
 * message itself (an unknown order) after 1 s, on its way to the dead-letter queue; a write DynamoDB still throttled
 * after the checkout's retries as a new message a few seconds later, so it never reaches the dead-letter queue.
 */
class QueueBatchTest {
    private static final Duration BACKOFF = Duration.ofSeconds(30);
    private static final Duration LONGEST_MESSAGE = Duration.ofSeconds(10);

    /** {@code count} messages sent to the prefix's hold-expiry queue and received, as Lambda hands them over. */
    private static SQSEvent received(String prefix, int count) {
        SqsClient sqs = ElasticMqLocal.shared().client();
        String url = ElasticMqLocal.shared().createQueues(prefix).get(QueueNames.HOLD_EXPIRY);
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"n\":" + n + "}"));
        }
        while (messages.size() < count) {
            for (Message received : sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()) {
                SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                message.setMessageId(received.messageId());
                message.setReceiptHandle(received.receiptHandle());
                message.setBody(received.body());
                message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
                messages.add(message);
            }
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private static QueueBatch batch(String prefix, MessageWork work, Supplier<Duration> timeLeft) {
        SqsClient sqs = ElasticMqLocal.shared().client();
        Map<QueueNames, String> urls = ElasticMqLocal.shared().createQueues(prefix);
        return new QueueBatch(QueueNames.HOLD_EXPIRY, work, new SqsCheckoutQueues(sqs, prefix, urls, Duration.ofMinutes(15)),
                new RetryBackoff(BACKOFF, BACKOFF), LONGEST_MESSAGE, timeLeft);
    }

    private static SQSBatchResponse handleOneMessageThrowing(RuntimeException failure, String prefix) {
        return batch(prefix, body -> { throw failure; }, () -> Duration.ofMinutes(1)).process(received(prefix, 1));
    }

    private static boolean visibleAgainWithin(String prefix, Duration wait) {
        String url = ElasticMqLocal.shared().createQueues(prefix).get(QueueNames.HOLD_EXPIRY);
        return !ElasticMqLocal.shared().client().receiveMessage(b -> b.queueUrl(url)
                .waitTimeSeconds((int) wait.toSeconds())).messages().isEmpty();
    }

    @Test
    void aThrottledWriteGoesBackAsANewMessageSecondsLaterWithoutSpendingItsReceives() {
        String prefix = "qb" + UUID.randomUUID().toString().substring(0, 6) + "-";

        SQSBatchResponse response = handleOneMessageThrowing(
                new CheckoutException.Busy("the store is busy (ThrottlingError); try again", null), prefix);

        assertThat(response.getBatchItemFailures()).as("done: Lambda deletes it").isEmpty();
        String url = ElasticMqLocal.shared().createQueues(prefix).get(QueueNames.HOLD_EXPIRY);
        List<Message> again = ElasticMqLocal.shared().client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(8)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertThat(again).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("{\"n\":0}");
            assertThat(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).as("a new message").isEqualTo("1");
        });
    }

    @Test
    void aMessageThatCanNeverSucceedComesBackAtOnceOnItsWayToTheDeadLetterQueue() {
        String prefix = "qb" + UUID.randomUUID().toString().substring(0, 6) + "-";

        SQSBatchResponse response = handleOneMessageThrowing(new CheckoutException.NotFound("no order o-x"), prefix);

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(visibleAgainWithin(prefix, Duration.ofSeconds(4))).isTrue();
    }

    @Test
    void noMessageIsStartedWithoutTimeForItAndTheUnstartedComeBackAtOnce() {
        String prefix = "qb" + UUID.randomUUID().toString().substring(0, 6) + "-";
        SQSEvent event = received(prefix, 3);
        // each message handled takes 10 s of the invocation's 25 s
        AtomicLong left = new AtomicLong(Duration.ofSeconds(25).toMillis());
        List<String> handled = new ArrayList<>();

        SQSBatchResponse response = batch(prefix, body -> {
            handled.add(body);
            left.addAndGet(-LONGEST_MESSAGE.toMillis());
        }, () -> Duration.ofMillis(left.get())).process(event);

        assertThat(handled).hasSize(2);
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(2).getMessageId());
        assertThat(visibleAgainWithin(prefix, Duration.ofSeconds(2))).as("the unstarted message is not held back").isTrue();
    }
}
