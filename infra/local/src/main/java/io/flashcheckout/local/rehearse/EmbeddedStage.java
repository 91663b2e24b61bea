package io.flashcheckout.local.rehearse;

import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.net.URI;
import java.util.List;
import java.util.OptionalInt;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A told story's own embedded stack, in this JVM, on free ports; stopped when the story ends. */
final class EmbeddedStage implements StoryStage {
    private final LocalStack stack;

    private EmbeddedStage(LocalStack stack) {
        this.stack = stack;
    }

    /**
     * Starts the stack; its token issuer also accepts tokens of the app clients {@code channelClients} (the channels'
     * apps), as a deployment's authorizer lists them in its audience.
     */
    static EmbeddedStage start(LocalStack.Settings settings, List<String> channelClients) {
        return new EmbeddedStage(LocalStack.start(settings.withPorts(0, 0, 0, 0).withDemoSale(false).withAccessLog(null)
                .withChannelClients(channelClients)));
    }

    @Override
    public String description() {
        return "the embedded stack in this JVM (" + stack.apiUri() + ")";
    }

    @Override
    public URI api() {
        return stack.apiUri();
    }

    @Override
    public String admin() {
        return stack.tokens().admin();
    }

    @Override
    public String customer(String customerId, String client) {
        return client == null ? stack.tokens().customer(customerId) : stack.tokens().customer(customerId, client);
    }

    @Override
    public URI psp() {
        return stack.pspUri();
    }

    @Override
    public String pspApiKey() {
        return stack.pspApiKey();
    }

    @Override
    public DynamoDbClient dynamo() {
        return stack.dynamoDbClient();
    }

    @Override
    public CheckoutTables tables() {
        return stack.tables();
    }

    @Override
    public OptionalInt financeEvents() {
        String url = stack.queueUrls().get(QueueNames.REFUND_ISSUED.name(stack.settings().prefix()));
        if (url == null) {
            return OptionalInt.empty();
        }
        try (SqsClient sqs = LocalAws.sqs(stack.sqsEndpoint())) {
            return OptionalInt.of(FinanceQueue.waiting(sqs, url));
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
