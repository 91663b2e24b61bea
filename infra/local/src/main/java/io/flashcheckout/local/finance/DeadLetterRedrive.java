package io.flashcheckout.local.finance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Moves messages from a dead-letter queue back to its source queue with plain SQS calls (no StartMessageMoveTask,
 * which ElasticMQ lacks): receive, send a copy with the same body and attributes, delete only what was sent. A
 * crash between send and delete leaves a copy in both queues; the consumers are idempotent.
 */
public final class DeadLetterRedrive {
    private static final int BATCH = 10;
    private static final int WAIT_SECONDS = 1;
    private static final int VISIBILITY_SECONDS = 30;

    /** @param problems one line per message not sent, or sent but not deleted from the dead-letter queue */
    public record Outcome(long moved, List<String> problems) {}

    private final SqsClient sqs;
    private final String deadLetterUrl;
    private final String sourceUrl;

    public DeadLetterRedrive(SqsClient sqs, String deadLetterUrl, String sourceUrl) {
        this.sqs = sqs;
        this.deadLetterUrl = deadLetterUrl;
        this.sourceUrl = sourceUrl;
    }

    /** Until the dead-letter queue answers empty or {@code max} messages were moved. */
    public Outcome run(long max) {
        long moved = 0;
        List<String> problems = new ArrayList<>();
        while (moved < max) {
            int want = (int) Math.min(BATCH, max - moved);
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(deadLetterUrl)
                    .maxNumberOfMessages(want)
                    .waitTimeSeconds(WAIT_SECONDS)
                    .visibilityTimeout(VISIBILITY_SECONDS)
                    .messageAttributeNames("All")).messages();
            if (received.isEmpty()) {
                break;
            }
            List<Message> sent = send(received, problems);
            if (sent.isEmpty()) {
                // the source queue takes nothing: going on would only hide the rest of the DLQ for 30 s each
                break;
            }
            delete(sent, problems);
            moved += sent.size();
        }
        return new Outcome(moved, List.copyOf(problems));
    }

    private List<Message> send(List<Message> messages, List<String> problems) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody(m.body()).messageAttributes(copyOf(m.messageAttributes())).build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(sourceUrl).entries(entries));
        } catch (BatchRequestTooLongException e) {
            // ten large messages can exceed the batch limit although each one fits
            return sendOneByOne(messages, problems);
        }
        response.failed().forEach(f -> problems.add("not moved: " + messages.get(Integer.parseInt(f.id())).messageId()
                + " (" + f.code() + ": " + f.message() + ")"));
        return response.successful().stream().map(s -> messages.get(Integer.parseInt(s.id()))).toList();
    }

    private List<Message> sendOneByOne(List<Message> messages, List<String> problems) {
        List<Message> sent = new ArrayList<>();
        for (Message m : messages) {
            try {
                sqs.sendMessage(b -> b.queueUrl(sourceUrl)
                        .messageBody(m.body()).messageAttributes(copyOf(m.messageAttributes())));
                sent.add(m);
            } catch (SqsException e) {
                problems.add("not moved: " + m.messageId() + " (" + e.getMessage() + ")");
            }
        }
        return sent;
    }

    private void delete(List<Message> sent, List<String> problems) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i)).receiptHandle(sent.get(i).receiptHandle()).build());
        }
        DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(deadLetterUrl).entries(entries));
        response.failed().forEach(f -> problems.add("moved but still in the dead-letter queue: "
                + sent.get(Integer.parseInt(f.id())).messageId() + " (" + f.code() + ": " + f.message() + ")"));
    }

    /** Only the fields SQS implements; the list fields are reserved, and a received value may carry them empty. */
    private static Map<String, MessageAttributeValue> copyOf(Map<String, MessageAttributeValue> attributes) {
        Map<String, MessageAttributeValue> copy = new LinkedHashMap<>();
        attributes.forEach((name, value) -> copy.put(name, MessageAttributeValue.builder()
                .dataType(value.dataType()).stringValue(value.stringValue()).binaryValue(value.binaryValue()).build()));
        return copy;
    }
}
