package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.RefundPayout;
import io.flashcheckout.queue.MalformedMessageException;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.sqs.SqsCheckoutQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One SQS batch with partial failures (ReportBatchItemFailures): each message is handled on its own; the ids of
 * those that failed go back to SQS, which delivers only them again. A failed message backs off exponentially (its
 * visibility timeout grows with its receive count) and reaches the dead-letter queue after the queue's
 * maxReceiveCount. A message that can never succeed (malformed, unknown id) is only retried briefly on its way
 * there; a write DynamoDB still throttled after the checkout's retries goes back as a new message a few seconds
 * later (it never spends the message's receives); any other failure (the provider unreachable) backs off.
 * A message is started only while the invocation has time left for the longest one message may take: the rest go
 * back at once, unhandled, instead of the whole batch (handled ones too) coming back after a timeout. An
 * {@link Error} is a dying function: it leaves the handler and the whole batch comes back.
 */
public final class QueueBatch {
    private static final Logger LOG = LoggerFactory.getLogger(QueueBatch.class);
    private static final Duration HOPELESS_RETRY = Duration.ofSeconds(1);
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);
    private static final Duration BUSY_JITTER = Duration.ofSeconds(4);

    private final QueueNames queue;
    private final MessageWork work;
    private final SqsCheckoutQueues queues;
    private final RetryBackoff backoff;
    private final Duration longestMessage;
    private final Supplier<Duration> timeLeft;

    /**
     * @param longestMessage the longest one message may take (its provider call's timeouts and its writes)
     * @param timeLeft       what is left of the invocation's time (the Lambda context's remaining time)
     */
    public QueueBatch(QueueNames queue, MessageWork work, SqsCheckoutQueues queues, RetryBackoff backoff,
                      Duration longestMessage, Supplier<Duration> timeLeft) {
        this.queue = queue;
        this.work = work;
        this.queues = queues;
        this.backoff = backoff;
        this.longestMessage = longestMessage;
        this.timeLeft = timeLeft;
    }

    /** The longest one message of this queue may take; a batch of the template's size must fit the timeout. */
    public Duration longestMessage() {
        return longestMessage;
    }

    public SQSBatchResponse process(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> messages = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (int i = 0; i < messages.size(); i++) {
            SQSEvent.SQSMessage message = messages.get(i);
            Duration left = timeLeft.get();
            if (left.compareTo(longestMessage) < 0) {
                LOG.warn("{}: {} of {} messages left unstarted for the next delivery: {} s of the invocation left",
                        queue.baseName(), messages.size() - i, messages.size(), left.toSeconds());
                messages.subList(i, messages.size()).forEach(unstarted -> failures.add(failed(unstarted, Duration.ZERO)));
                break;
            }
            try {
                work.handle(message.getBody());
            } catch (RuntimeException e) {
                if (e instanceof CheckoutException refused && refused.transientRefusal() && sentAgainSoon(message, refused)) {
                    continue;
                }
                if (hopeless(e)) {
                    LOG.error("{} message {} cannot be handled and is on its way to the dead-letter queue: {}",
                            queue.baseName(), message.getMessageId(), e.getMessage());
                    failures.add(failed(message, HOPELESS_RETRY));
                    continue;
                }
                Duration wait = backoff.after(receiveCount(message));
                LOG.warn("{} message {} failed (receive {}), next try in {} s: {}", queue.baseName(),
                        message.getMessageId(), receiveCount(message), wait.toSeconds(), e.toString());
                failures.add(failed(message, wait));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * A write DynamoDB still throttled (hot shards, while a sale is busy): throttling clears in seconds, and a
     * hold's release must not wait out a provider-outage backoff nor spend the message's receives. The message goes
     * back as a new one, a few seconds later, and this one is done.
     *
     * @return false when it could not be sent (then it fails and backs off as any other)
     */
    private boolean sentAgainSoon(SQSEvent.SQSMessage message, CheckoutException busy) {
        Duration wait = BUSY_RETRY.plusMillis(ThreadLocalRandom.current().nextLong(BUSY_JITTER.toMillis() + 1));
        try {
            queues.sendAgain(queue, message.getBody(), schema(message), wait);
            LOG.info("{} message {} met a busy store ({}); sent again, due in {} s", queue.baseName(),
                    message.getMessageId(), busy.getMessage(), wait.toSeconds());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{} message {} met a busy store and could not be sent again: {}", queue.baseName(),
                    message.getMessageId(), e.toString());
            return false;
        }
    }

    private static String schema(SQSEvent.SQSMessage message) {
        SQSEvent.MessageAttribute schema = message.getMessageAttributes() == null ? null
                : message.getMessageAttributes().get(SqsCheckoutQueues.SCHEMA_ATTRIBUTE);
        return schema == null ? null : schema.getStringValue();
    }

    private SQSBatchResponse.BatchItemFailure failed(SQSEvent.SQSMessage message, Duration wait) {
        if (message.getReceiptHandle() != null) {
            try {
                queues.retryAfter(queue, message.getReceiptHandle(), wait);
            } catch (RuntimeException e) {
                LOG.warn("could not set the retry delay of {} message {}: {}", queue.baseName(), message.getMessageId(), e.toString());
            }
        }
        return SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build();
    }

    private static boolean hopeless(RuntimeException e) {
        return e instanceof MalformedMessageException
                || e instanceof CheckoutException refused && !refused.transientRefusal()
                || e instanceof RefundPayout.RefundNotPaidException notPaid && !notPaid.retryable();
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
