package io.flashcheckout.support;

import io.flashcheckout.queue.QueueNames;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** One ElasticMQ for the test JVM, on a free loopback port; queues are made per test prefix. */
public final class ElasticMqLocal {
    private static ElasticMqLocal instance;

    private final URI endpoint;
    private final SqsClient client;

    private ElasticMqLocal(URI endpoint) {
        this.endpoint = endpoint;
        this.client = SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static synchronized ElasticMqLocal shared() {
        if (instance == null) {
            SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
            int port = server.waitUntilStarted().localAddress().getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait));
            instance = new ElasticMqLocal(URI.create("http://127.0.0.1:" + port));
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    /** Creates the checkout's queues with this prefix; returns queue -> URL. */
    public Map<QueueNames, String> createQueues(String prefix) {
        Map<QueueNames, String> urls = new EnumMap<>(QueueNames.class);
        for (QueueNames queue : QueueNames.all()) {
            urls.put(queue, client.createQueue(b -> b.queueName(queue.name(prefix))).queueUrl());
        }
        return urls;
    }

    /** Receives (and deletes) every message visible on the queue now. */
    public List<Message> takeAll(String url) {
        return takeAll(client, url);
    }

    /** Receives (and deletes) every message visible on the queue now, with its message attributes. */
    public static List<Message> takeAll(SqsClient client, String url) {
        List<Message> all = new java.util.ArrayList<>();
        while (true) {
            List<Message> batch = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(m -> client.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
    }
}
