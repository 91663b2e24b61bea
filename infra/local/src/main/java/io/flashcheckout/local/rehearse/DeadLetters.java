package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashcheckout.local.cli.DlqShowCommand;
import io.flashcheckout.queue.QueueNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The queues at the end of a rehearsal: how many messages each queue and each dead-letter queue holds, and the
 * dead letters themselves (peeked with a visibility timeout of 0, so they stay; each peek counts as a receive).
 */
final class DeadLetters {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A queue's messages: visible, in flight (received, not deleted), delayed. */
    record Depth(String queue, long visible, long inFlight, long delayed) {
        long total() {
            return visible + inFlight + delayed;
        }
    }

    /** One dead letter: the message's type and the order (or refund) it is about. */
    record Letter(String queue, String messageId, String receives, String type, String orderId, String refundId, String body) {}

    record Findings(List<Depth> deadLetterQueues, List<Depth> queues, List<Letter> letters) {
        long deadLetterCount() {
            return deadLetterQueues.stream().mapToLong(Depth::total).sum();
        }
    }

    private DeadLetters() {}

    static Findings read(SqsClient sqs, String prefix, int maxLetters) {
        List<Depth> dlqs = new ArrayList<>();
        List<Depth> queues = new ArrayList<>();
        List<Letter> letters = new ArrayList<>();
        for (QueueNames q : QueueNames.all()) {
            String url = sqs.getQueueUrl(b -> b.queueName(q.name(prefix))).queueUrl();
            queues.add(depth(sqs, q.baseName(), url));
            String dlqUrl = sqs.getQueueUrl(b -> b.queueName(q.deadLetterName(prefix))).queueUrl();
            Depth dlq = depth(sqs, q.baseName() + QueueNames.DLQ_SUFFIX, dlqUrl);
            dlqs.add(dlq);
            if (dlq.total() > 0 && letters.size() < maxLetters) {
                for (Message m : DlqShowCommand.peek(sqs, dlqUrl, maxLetters - letters.size())) {
                    letters.add(letter(dlq.queue(), m));
                }
            }
        }
        return new Findings(List.copyOf(dlqs), List.copyOf(queues), List.copyOf(letters));
    }

    private static Depth depth(SqsClient sqs, String name, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return new Depth(name, number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
                number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static Letter letter(String queue, Message m) {
        JsonNode body;
        try {
            body = JSON.readTree(m.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        return new Letter(queue, m.messageId(), m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
                body.path("type").asText("?"), body.path("orderId").asText(null), body.path("refundId").asText(null),
                m.body());
    }
}
