package io.flashcheckout.local;

import java.net.URI;
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
 * after {@value #MAX_RECEIVE_COUNT} failed receives.
 */
final class LocalQueues implements AutoCloseable {
    /** The work queues, without the stack's prefix; each has a {@code -dlq} twin. */
    static final List<String> QUEUES = List.of("hold-expiry", "checkout-recovery", "refunds", "refund-issued");
    static final int MAX_RECEIVE_COUNT = 5;

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
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface("127.0.0.1");
        SQSRestServer server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
        try {
            int actualPort = server.waitUntilStarted().localAddress().getPort();
            URI endpoint = URI.create("http://127.0.0.1:" + actualPort);
            Map<String, String> urls = new LinkedHashMap<>();
            try (SqsClient sqs = LocalAws.sqs(endpoint)) {
                for (String queue : QUEUES) {
                    String name = prefix + queue;
                    String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
                    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes().get(QueueAttributeName.QUEUE_ARN);
                    String redrive = "{\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}";
                    String url = sqs.createQueue(b -> b.queueName(name)
                            .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
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
