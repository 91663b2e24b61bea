package io.flashcheckout.local.backends;

import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.local.template.TemplateResources;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ in this JVM on loopback, with the queues {@code infra/template.yaml} declares: the same dead-letter queues,
 * maxReceiveCounts, visibility timeouts and retention as on AWS.
 */
public final class LocalQueues implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;
    private final Map<String, String> queueUrls;

    private LocalQueues(SQSRestServer server, URI endpoint, Map<String, String> queueUrls) {
        this.server = server;
        this.endpoint = endpoint;
        this.queueUrls = queueUrls;
    }

    /**
     * Starts ElasticMQ and creates the template's queues through the SQS API.
     *
     * @param port   the port on 127.0.0.1; 0 picks a free one
     * @param prefix put before every queue name, e.g. {@code flash-checkout-}
     */
    public static LocalQueues start(int port, String prefix) {
        return start(port, prefix, null);
    }

    /**
     * @param visibility how long a received message stays invisible unless its consumer says otherwise, for every
     *                   work queue; null keeps the template's (tests that step through retries shorten it)
     */
    public static LocalQueues start(int port, String prefix, Duration visibility) {
        return start(BindAddresses.LOOPBACK, port, prefix, visibility);
    }

    /** @param address where to listen instead of 127.0.0.1; the wildcard address listens on every interface */
    public static LocalQueues start(InetAddress address, int port, String prefix, Duration visibility) {
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface(address.getHostAddress());
        SQSRestServer server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
        try {
            int actualPort = server.waitUntilStarted().localAddress().getPort();
            URI endpoint = URI.create("http://" + BindAddresses.urlHost(address) + ":" + actualPort);
            Map<String, String> urls;
            try (SqsClient sqs = LocalAws.sqs(endpoint)) {
                urls = create(sqs, prefix, visibility);
            }
            return new LocalQueues(server, endpoint, urls);
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw e;
        }
    }

    /**
     * Creates the template's queues (those missing) through {@code sqs}: ElasticMQ here, or LocalStack or
     * moto_server; returns queue name -> URL.
     */
    public static Map<String, String> create(SqsClient sqs, String prefix, Duration visibility) {
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> arns = new LinkedHashMap<>();
        for (TemplateResources.Queue queue : new TemplateResources(CloudFormationTemplate.bundled(), prefix).queues()) {
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            if (queue.deadLetterQueue() != null) {
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + queue.maxReceiveCount()
                        + "\",\"deadLetterTargetArn\":\"" + arns.get(queue.deadLetterQueue()) + "\"}");
            }
            Integer seconds = visibility != null && queue.deadLetterQueue() != null
                    ? Integer.valueOf((int) visibility.toSeconds()) : queue.visibilityTimeout();
            if (seconds != null) {
                attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, seconds.toString());
            }
            if (queue.retentionSeconds() != null) {
                attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, queue.retentionSeconds().toString());
            }
            String url = sqs.createQueue(b -> b.queueName(queue.name()).attributes(attributes)).queueUrl();
            urls.put(queue.name(), url);
            arns.put(queue.name(), sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN));
        }
        return Collections.unmodifiableMap(urls);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Where the server listens. */
    InetSocketAddress localAddress() {
        return server.waitUntilStarted().localAddress();
    }

    /** Queue name -> URL, dead-letter queues included. */
    public Map<String, String> queueUrls() {
        return queueUrls;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
