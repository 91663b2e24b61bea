package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The Lambda function consuming the hold-expiry queue (ReportBatchItemFailures). */
public class HoldExpiryHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
    @Inject
    @Named("hold-expiry")
    QueueBatch batch;

    @Inject
    LambdaInvocation invocation;

    public HoldExpiryHandler() {
    }

    public HoldExpiryHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return invocation.run(() -> batch.process(event));
    }
}
