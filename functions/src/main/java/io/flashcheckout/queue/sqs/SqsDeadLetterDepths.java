package io.flashcheckout.queue.sqs;

import io.flashcheckout.queue.DeadLetterDepths;
import io.flashcheckout.queue.QueueNames;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Each checkout queue's dead-letter twin ({@code <prefix><queue>-dlq}), its URL looked up once by name, its depth read
 * with GetQueueAttributes (visible + in flight). A queue that cannot be read is left out of the answer (and logged).
 */
public final class SqsDeadLetterDepths implements DeadLetterDepths {
    private static final Logger LOG = LoggerFactory.getLogger(SqsDeadLetterDepths.class);
    private final SqsClient sqs;
    private final String prefix;
    private final Map<QueueNames, String> urls = new ConcurrentHashMap<>();

    public SqsDeadLetterDepths(SqsClient sqs, String prefix) {
        this.sqs = sqs;
        this.prefix = prefix;
    }

    @Override
    public Map<String, Long> depths() {
        Map<String, Long> depths = new LinkedHashMap<>();
        for (QueueNames queue : QueueNames.all()) {
            Map<QueueAttributeName, String> attributes;
            try {
                String url = urls.computeIfAbsent(queue, q -> sqs.getQueueUrl(b -> b.queueName(q.deadLetterName(prefix))).queueUrl());
                attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            } catch (SdkException e) {
                // the live view still shows the rest; the queue's own alarm covers a DLQ that cannot be read
                LOG.warn("could not read the depth of {}: {}", queue.deadLetterName(prefix), e.getMessage());
                continue;
            }
            depths.put(queue.baseName() + QueueNames.DLQ_SUFFIX,
                    number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                            + number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        }
        return depths;
    }

    private static long number(String text) {
        return text == null ? 0 : Long.parseLong(text);
    }
}
