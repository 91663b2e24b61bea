package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The Lambda function consuming the checkout-recovery queue (ReportBatchItemFailures). */
public class CheckoutRecoveryHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
    @Inject
    @Named("checkout-recovery")
    QueueBatch batch;

    @Inject
    LambdaInvocation invocation;

    public CheckoutRecoveryHandler() {
    }

    public CheckoutRecoveryHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return invocation.run(() -> batch.process(event));
    }
}
