package io.flashcheckout.queue.sqs;

import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.Messages;
import io.flashcheckout.queue.OutboxMessage;
import io.flashcheckout.queue.QueueMessage;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.RefundIssuedEvent;
import io.flashcheckout.queue.RefundMessage;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The queues on SQS. A queue's URL is the one configured for it (on AWS the template passes each URL), or else
 * looked up once by its name ({@code <prefix><queue>}). Delays are whole seconds, rounded up, at most 15 minutes.
 */
public final class SqsCheckoutQueues implements CheckoutQueues {
    /** A message attribute naming the body's schema, so a consumer can route or refuse without parsing. */
    public static final String SCHEMA_ATTRIBUTE = "schema";

    private final SqsClient sqs;
    private final String prefix;
    private final Duration maxDelay;
    private final Map<QueueNames, String> urls = new ConcurrentHashMap<>();

    /**
     * @param configuredUrls queue -> URL where known; the others are looked up by name
     * @param maxDelay       the longest delay given to a message (at most SQS's 15 minutes); a consumer that gets a
     *                       message before its time sends it again, so a shorter cap only costs extra deliveries
     *                       (tests whose clock runs ahead of the queue's use that)
     */
    public SqsCheckoutQueues(SqsClient sqs, String prefix, Map<QueueNames, String> configuredUrls, Duration maxDelay) {
        this.sqs = sqs;
        this.prefix = prefix;
        this.maxDelay = maxDelay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : maxDelay;
        configuredUrls.forEach((queue, url) -> {
            if (url != null && !url.isBlank()) {
                urls.put(queue, url);
            }
        });
    }

    @Override
    public void scheduleExpiry(HoldExpiryMessage message, Duration delay) {
        send(QueueNames.HOLD_EXPIRY, message, delay);
    }

    @Override
    public void scheduleRecovery(RecoveryMessage message, Duration delay) {
        send(QueueNames.CHECKOUT_RECOVERY, message, delay);
    }

    @Override
    public void requestRefund(RefundMessage message) {
        send(QueueNames.REFUNDS, message, Duration.ZERO);
    }

    @Override
    public void announceRefund(RefundIssuedEvent event) {
        send(QueueNames.REFUND_ISSUED, event, Duration.ZERO);
    }

    /**
     * {@code SendMessageBatch} per queue, ten entries a call (SQS's most). Entries SQS failed on its side are sent
     * again after a short backoff, {@value #BATCH_ATTEMPTS} tries in all; an entry SQS refused as the sender's fault
     * is not tried again, and a call that failed as a whole was already retried by the SDK.
     */
    @Override
    public List<Integer> sendAll(List<OutboxMessage> messages) {
        Map<QueueNames, List<Integer>> byQueue = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            byQueue.computeIfAbsent(messages.get(i).queue(), q -> new ArrayList<>()).add(i);
        }
        TreeSet<Integer> failed = new TreeSet<>();
        byQueue.forEach((queue, positions) -> {
            for (int from = 0; from < positions.size(); from += MAX_BATCH) {
                failed.addAll(sendBatch(queue, messages, positions.subList(from, Math.min(from + MAX_BATCH, positions.size()))));
            }
        });
        return List.copyOf(failed);
    }

    /** SQS's most entries in one {@code SendMessageBatch}. */
    static final int MAX_BATCH = 10;
    static final int BATCH_ATTEMPTS = 4;
    private static final Duration BATCH_BACKOFF = Duration.ofMillis(50);

    private List<Integer> sendBatch(QueueNames queue, List<OutboxMessage> messages, List<Integer> positions) {
        List<Integer> pending = positions;
        List<Integer> refused = new ArrayList<>();
        for (int attempt = 1; attempt <= BATCH_ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(BATCH_BACKOFF.multipliedBy(1L << (attempt - 2)));
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int position : pending) {
                OutboxMessage m = messages.get(position);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(position))
                        .messageBody(Messages.toJson(m.message())).delaySeconds(delaySeconds(m.delay()))
                        .messageAttributes(Map.of(SCHEMA_ATTRIBUTE, MessageAttributeValue.builder().dataType("String")
                                .stringValue(m.message().schema()).build()))
                        .build());
            }
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(b -> b.queueUrl(url(queue)).entries(entries));
            } catch (SdkException e) {
                // the SDK already retried the call with backoff as far as it was worth it
                break;
            }
            List<Integer> retry = new ArrayList<>();
            for (BatchResultErrorEntry error : response.failed()) {
                (Boolean.TRUE.equals(error.senderFault()) ? refused : retry).add(Integer.parseInt(error.id()));
            }
            pending = retry;
        }
        refused.addAll(pending);
        return refused;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The queue's URL: configured, or looked up by name once. */
    public String url(QueueNames queue) {
        return urls.computeIfAbsent(queue, q -> sqs.getQueueUrl(b -> b.queueName(q.name(prefix))).queueUrl());
    }

    /**
     * Sends a received message's body again as a new message, delayed: its receive count starts over, so a message
     * that keeps meeting a transient refusal never reaches the dead-letter queue.
     */
    public void sendAgain(QueueNames queue, String body, @Nullable String schema, Duration delay) {
        try {
            sqs.sendMessage(b -> {
                b.queueUrl(url(queue)).messageBody(body).delaySeconds(delaySeconds(delay));
                if (schema != null) {
                    b.messageAttributes(Map.of(SCHEMA_ATTRIBUTE,
                            MessageAttributeValue.builder().dataType("String").stringValue(schema).build()));
                }
            });
        } catch (SdkException e) {
            throw new QueueSendException("could not send to " + queue.name(prefix) + ": " + e.getMessage(), e);
        }
    }

    /** Makes a received message visible again after {@code after}: how a failed message backs off. */
    public void retryAfter(QueueNames queue, String receiptHandle, Duration after) {
        int seconds = (int) Math.min(Math.max(after.toSeconds(), 0), 43_200);
        sqs.changeMessageVisibility(b -> b.queueUrl(url(queue)).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    int delaySeconds(Duration delay) {
        long millis = Math.max(0, delay.toMillis());
        long seconds = (millis + 999) / 1000;
        return (int) Math.min(seconds, maxDelay.toSeconds());
    }

    private void send(QueueNames queue, QueueMessage message, Duration delay) {
        sendAgain(queue, Messages.toJson(message), message.schema(), delay);
    }
}
