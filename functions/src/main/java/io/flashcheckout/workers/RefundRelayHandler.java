package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.flashcheckout.checkout.RefundRelay;
import io.flashcheckout.observability.LambdaInvocation;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.store.dynamodb.StreamImages;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** The outbox relay on the refunds table's stream (ReportBatchItemFailures): see {@link StreamRelay}. */
public class RefundRelayHandler extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
    @Inject
    RefundRelay relay;

    @Inject
    CheckoutQueues queues;

    @Inject
    LambdaInvocation invocation;

    public RefundRelayHandler() {
    }

    public RefundRelayHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        return invocation.run(() -> new StreamRelay<>("refunds", StreamImages::refund, relay::messageFor, queues).relay(event));
    }
}
