package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.checkout.RefundRelay;
import io.flashcheckout.store.dynamodb.StreamImages;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The outbox relay: the function on the refunds table's stream. Records are relayed in stream order; at the first
 * one that fails, its sequence number is reported (ReportBatchItemFailures) and Lambda retries from there, so no
 * change is skipped and the ones before are not sent again.
 */
public class RefundRelayHandler extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(RefundRelayHandler.class);

    @Inject
    RefundRelay relay;

    @Inject
    LambdaInvocation invocation;

    public RefundRelayHandler() {
    }

    public RefundRelayHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        return invocation.run(() -> handle(event));
    }

    private StreamsEventResponse handle(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                Refund before = StreamImages.refund(StreamImages.toSdk(record.getDynamodb().getOldImage()));
                Refund after = StreamImages.refund(StreamImages.toSdk(record.getDynamodb().getNewImage()));
                relay.changed(before, after);
            } catch (RuntimeException e) {
                String sequence = record.getDynamodb().getSequenceNumber();
                LOG.warn("refund stream record {} not relayed; retried from there: {}", sequence, e.toString());
                return StreamsEventResponse.builder()
                        .withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                                .withItemIdentifier(sequence).build()))
                        .build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
