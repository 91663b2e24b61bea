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

/**
 * One SQS batch with partial failures (ReportBatchItemFailures): each message is handled on its own; the ids of
 * those that failed go back to SQS, which delivers only them again. A failed message backs off exponentially (its
 * visibility timeout grows with its receive count) and reaches the dead-letter queue after the queue's
 * maxReceiveCount. A message that can never succeed (malformed, unknown id) is only retried briefly on its way
 * there; a transient failure (a write DynamoDB still throttled, the provider unreachable) backs off like any other. An {@link Error} is a dying function: it leaves the handler and the whole batch comes back.
 */
public final class QueueBatch {
    private static final Logger LOG = LoggerFactory.getLogger(QueueBatch.class);
    private static final Duration HOPELESS_RETRY = Duration.ofSeconds(1);

    private final QueueNames queue;
    private final MessageWork work;
    private final SqsCheckoutQueues queues;
    private final RetryBackoff backoff;

    public QueueBatch(QueueNames queue, MessageWork work, SqsCheckoutQueues queues, RetryBackoff backoff) {
        this.queue = queue;
        this.work = work;
        this.queues = queues;
        this.backoff = backoff;
    }

    public SQSBatchResponse process(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> messages = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : messages) {
            try {
                work.handle(message.getBody());
            } catch (RuntimeException e) {
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
