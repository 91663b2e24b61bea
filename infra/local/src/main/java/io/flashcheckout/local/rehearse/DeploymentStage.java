package io.flashcheckout.local.rehearse;

import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.net.URI;
import java.util.OptionalInt;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A deployment a told story runs against ({@code rehearse --scenario NAME --api URL ...}): tokens minted with its
 * HS256 secret (a shopper's for any app client, so a channel's too), and what the options let the story read besides
 * the API.
 */
final class DeploymentStage implements StoryStage {
    private final URI api;
    private final LocalTokens tokens;
    private final String admin;
    private final URI psp;
    private final String pspApiKey;
    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;
    private final URI sqsEndpoint;
    private final String queuePrefix;

    DeploymentStage(URI api, LocalTokens tokens, String admin, URI psp, String pspApiKey, URI dynamoDbEndpoint,
                    URI sqsEndpoint, String prefix) {
        this.api = api;
        this.tokens = tokens;
        this.admin = admin;
        this.psp = psp;
        this.pspApiKey = pspApiKey;
        this.dynamo = dynamoDbEndpoint == null ? null : LocalAws.dynamoDb(dynamoDbEndpoint);
        this.tables = dynamoDbEndpoint == null ? null : CheckoutTables.withPrefix(prefix);
        this.sqsEndpoint = sqsEndpoint;
        this.queuePrefix = prefix;
    }

    @Override
    public String description() {
        return "the deployment at " + api;
    }

    @Override
    public URI api() {
        return api;
    }

    @Override
    public String admin() {
        return admin;
    }

    @Override
    public String customer(String customerId, String client) {
        return client == null ? tokens.customer(customerId) : tokens.customer(customerId, client);
    }

    @Override
    public URI psp() {
        return psp;
    }

    @Override
    public String pspApiKey() {
        return pspApiKey;
    }

    @Override
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    @Override
    public CheckoutTables tables() {
        return tables;
    }

    @Override
    public OptionalInt financeEvents() {
        if (sqsEndpoint == null) {
            return OptionalInt.empty();
        }
        try (SqsClient sqs = LocalAws.sqs(sqsEndpoint)) {
            String url = sqs.getQueueUrl(b -> b.queueName(QueueNames.REFUND_ISSUED.name(queuePrefix))).queueUrl();
            return OptionalInt.of(FinanceQueue.waiting(sqs, url));
        }
    }

    @Override
    public void close() {
        if (dynamo != null) {
            dynamo.close();
        }
    }
}
