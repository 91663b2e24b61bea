package io.flashcheckout.local;

import io.flashcheckout.queue.QueueNames;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ in this JVM on loopback, with the checkout's queues, each with a dead-letter queue that takes a message
 * after its queue's maxReceiveCount failed receives.
 */
final class LocalQueues implements AutoCloseable {
    /** The work queues, without the stack's prefix; each has a {@code -dlq} twin. */
    static final List<String> QUEUES = QueueNames.all().stream().map(QueueNames::baseName).toList();
    /** How many failed receives a message gets before its dead-letter queue takes it. */
    static final Map<QueueNames, Integer> MAX_RECEIVE_COUNT = Map.of(
            QueueNames.HOLD_EXPIRY, 5,
            // recovery and refunds wait out provider outages with backoff before a person must look
            QueueNames.CHECKOUT_RECOVERY, 10,
            QueueNames.REFUNDS, 10,
            QueueNames.REFUND_ISSUED, 5);
    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

    private final SQSRestServer server;
    private final URI endpoint;
    private final Map<String, String> queueUrls;

    private LocalQueues(SQSRestServer server, URI endpoint, Map<String, String> queueUrls) {
        this.server = server;
        this.endpoint = endpoint;
        this.queueUrls = queueUrls;
    }

    /**
     * Starts ElasticMQ and creates the queues through the SQS API.
     *
     * @param port   the port on 127.0.0.1; 0 picks a free one
     * @param prefix put before every queue name, e.g. {@code flash-checkout-}
     */
    static LocalQueues start(int port, String prefix) {
        return start(port, prefix, VISIBILITY_TIMEOUT);
    }

    /** @param visibility how long a received message stays invisible unless its consumer says otherwise */
    static LocalQueues start(int port, String prefix, Duration visibility) {
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface("127.0.0.1");
        SQSRestServer server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
        try {
            int actualPort = server.waitUntilStarted().localAddress().getPort();
            URI endpoint = URI.create("http://127.0.0.1:" + actualPort);
            Map<String, String> urls = new LinkedHashMap<>();
            try (SqsClient sqs = LocalAws.sqs(endpoint)) {
                for (QueueNames queue : QueueNames.all()) {
                    String name = queue.name(prefix);
                    String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
                    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes().get(QueueAttributeName.QUEUE_ARN);
                    String redrive = "{\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT.get(queue) + "\",\"deadLetterTargetArn\":\""
                            + dlqArn + "\"}";
                    String url = sqs.createQueue(b -> b.queueName(name)
                            .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive,
                                    QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibility.toSeconds())))).queueUrl();
                    urls.put(name, url);
                    urls.put(name + "-dlq", dlqUrl);
                }
            }
            return new LocalQueues(server, endpoint, Collections.unmodifiableMap(urls));
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw e;
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** Queue name -> URL, dead-letter queues included. */
    Map<String, String> queueUrls() {
        return queueUrls;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
