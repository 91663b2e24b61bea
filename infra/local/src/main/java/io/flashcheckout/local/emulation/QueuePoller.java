package io.flashcheckout.local.emulation;

import io.flashcheckout.local.backends.LocalAws;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, on this machine: receives up to ten messages, hands them to the
 * function as one {@link SQSEvent}, and deletes those the function did not report as failed
 * (ReportBatchItemFailures). A function that throws fails the whole batch: nothing is deleted and every message
 * comes back after its visibility timeout.
 */
final class QueuePoller {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    static final int BATCH = 10;

    private final String functionName;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> function;

    QueuePoller(String functionName, SqsClient sqs, String queueUrl, String queueArn,
                RequestHandler<SQSEvent, SQSBatchResponse> function) {
        this.functionName = functionName;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.function = function;
    }

    String functionName() {
        return functionName;
    }

    /** One receive, which does not wait for messages, and one invocation; returns how many messages were received. */
    int pollOnce() {
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(BATCH)
                .waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (received.isEmpty()) {
            return 0;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(received.stream().map(this::toLambda).toList());
        SQSBatchResponse response;
        try {
            response = function.handleRequest(event, new LocalLambdaContext(UUID.randomUUID().toString(), functionName,
                    Duration.ofSeconds(30)));
        } catch (RuntimeException | Error e) {
            LOG.warn("{} failed a batch of {}; it comes back after the visibility timeout: {}", functionName, received.size(), e.toString());
            return received.size();
        }
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : received) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(done.size())).receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
        }
        return received.size();
    }

    private SQSEvent.SQSMessage toLambda(Message message) {
        SQSEvent.SQSMessage lambda = new SQSEvent.SQSMessage();
        lambda.setMessageId(message.messageId());
        lambda.setReceiptHandle(message.receiptHandle());
        lambda.setBody(message.body());
        lambda.setMd5OfBody(message.md5OfBody());
        lambda.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        lambda.setEventSource("aws:sqs");
        lambda.setEventSourceArn(queueArn);
        lambda.setAwsRegion(LocalAws.REGION.id());
        Map<String, String> attributes = new HashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        lambda.setAttributes(attributes);
        Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> messageAttributes.put(name, toLambda(value)));
        lambda.setMessageAttributes(messageAttributes);
        return lambda;
    }

    private static SQSEvent.MessageAttribute toLambda(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        return attribute;
    }
}
