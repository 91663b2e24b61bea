package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.flashcheckout.checkout.OrderRelay;
import io.flashcheckout.observability.LambdaInvocation;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.store.dynamodb.StreamImages;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * The outbox relay on the orders table's stream (ReportBatchItemFailures): a new reservation's hold expiry and a new
 * payment attempt's recovery, sent in batches. The event source's filter hands it only those changes; the relay
 * decides again, so an unfiltered record costs nothing but its reading. See {@link StreamRelay}.
 */
public class OrderRelayHandler extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
    @Inject
    OrderRelay relay;

    @Inject
    CheckoutQueues queues;

    @Inject
    LambdaInvocation invocation;

    public OrderRelayHandler() {
    }

    public OrderRelayHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        return invocation.run(() -> new StreamRelay<>("orders", StreamImages::order, relay::messageFor, queues).relay(event));
    }
}
