package io.flashcheckout.observability;

import com.amazonaws.services.lambda.runtime.Context;
import io.flashcheckout.checkout.CheckoutMetrics;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.function.Supplier;

import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * One Lambda invocation, as every handler runs it: Powertools logging puts the invocation's fields (function,
 * request id, cold start) in the MDC of each log line while it runs, and what the checkout counted is published at
 * its end, whether it succeeded or threw.
 */
@Singleton
public final class LambdaInvocation {
    private final CheckoutMetrics metrics;
    private final CurrentInvocation current;

    public LambdaInvocation(CheckoutMetrics metrics, CurrentInvocation current) {
        this.metrics = metrics;
        this.current = current;
    }

    public <T> T run(@Nullable Context lambda, Supplier<T> work) {
        try {
            return lambda == null ? work.get() : PowertoolsLogging.withLogging(lambda, work);
        } finally {
            metrics.publish();
        }
    }

    /** For the request handlers, which Micronaut hands the event alone: it gave the context to {@link CurrentInvocation}. */
    public <T> T run(Supplier<T> work) {
        return run(current.context().orElse(null), work);
    }
}
