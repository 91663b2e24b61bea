package io.flashcheckout.observability;

import ch.qos.logback.classic.Level;
import com.amazonaws.services.lambda.runtime.Context;
import io.flashcheckout.checkout.CheckoutMetrics;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * One Lambda invocation, as every handler runs it: while it runs, every log line carries the invocation's fields
 * ({@code function_name}, {@code function_request_id}, {@code cold_start}, the X-Ray trace id, ...: the names
 * Powertools logging used, so queries written for them still work); a sampled invocation logs the checkout at DEBUG;
 * and what the checkout counted is published at its end, whether it succeeded or threw.
 */
@Singleton
public final class LambdaInvocation {
    private final CheckoutMetrics metrics;
    private final CurrentInvocation current;
    private final String service;
    private final double debugSampleRate;
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    /**
     * @param service         the {@code service} field of each line ({@code POWERTOOLS_SERVICE_NAME} in the template)
     * @param debugSampleRate the share of invocations logged at DEBUG ({@code POWERTOOLS_LOGGER_SAMPLE_RATE}, 0 to 1)
     */
    @Inject
    public LambdaInvocation(CheckoutMetrics metrics, CurrentInvocation current,
                            @Value("${powertools.service.name:flash-checkout}") String service,
                            @Value("${powertools.logger.sample.rate:0}") double debugSampleRate) {
        this.metrics = metrics;
        this.current = current;
        this.service = service;
        this.debugSampleRate = debugSampleRate;
    }

    public LambdaInvocation(CheckoutMetrics metrics, CurrentInvocation current) {
        this(metrics, current, "flash-checkout", 0);
    }

    public <T> T run(@Nullable Context lambda, Supplier<T> work) {
        if (lambda == null) {
            try {
                return work.get();
            } finally {
                metrics.publish();
            }
        }
        Level levelBefore = sampledForDebug() ? CheckoutLoggers.level() : null;
        try (InvocationLogFields ignored = InvocationLogFields.of(lambda, service, coldStart.getAndSet(false),
                System.getProperty(TRACE_HEADER_PROPERTY, System.getenv(TRACE_HEADER_VARIABLE)), levelBefore != null)) {
            if (levelBefore != null) {
                CheckoutLoggers.setLevel(Level.DEBUG);
            }
            return work.get();
        } finally {
            if (levelBefore != null) {
                CheckoutLoggers.setLevel(levelBefore);
            }
            metrics.publish();
        }
    }

    /** For the request handlers, which Micronaut hands the event alone: it gave the context to {@link CurrentInvocation}. */
    public <T> T run(Supplier<T> work) {
        return run(current.context().orElse(null), work);
    }

    private boolean sampledForDebug() {
        return debugSampleRate > 0 && ThreadLocalRandom.current().nextDouble() < debugSampleRate;
    }

    /** Lambda's Java runtime sets the invocation's trace header as this system property; older runtimes as the variable. */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    static final String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";

    /** The invocation's fields in the MDC for as long as it runs; closing takes them out again. */
    record InvocationLogFields(MDC.MDCCloseable... entries) implements AutoCloseable {
        static InvocationLogFields of(Context lambda, String service, boolean coldStart, @Nullable String traceHeader,
                                      boolean sampled) {
            java.util.List<MDC.MDCCloseable> fields = new java.util.ArrayList<>(9);
            put(fields, "function_name", lambda.getFunctionName());
            put(fields, "function_version", lambda.getFunctionVersion());
            put(fields, "function_arn", lambda.getInvokedFunctionArn());
            put(fields, "function_memory_size", Integer.toString(lambda.getMemoryLimitInMB()));
            put(fields, "function_request_id", lambda.getAwsRequestId());
            put(fields, "cold_start", Boolean.toString(coldStart));
            put(fields, "service", service);
            put(fields, "xray_trace_id", rootOf(traceHeader));
            if (sampled) {
                put(fields, "sampled_for_debug", "true");
            }
            return new InvocationLogFields(fields.toArray(MDC.MDCCloseable[]::new));
        }

        private static void put(java.util.List<MDC.MDCCloseable> fields, String name, @Nullable String value) {
            if (value != null) {
                fields.add(MDC.putCloseable(name, value));
            }
        }

        /** {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1} -> the Root value. */
        @Nullable
        static String rootOf(@Nullable String traceHeader) {
            if (traceHeader == null) {
                return null;
            }
            for (String part : traceHeader.split(";")) {
                if (part.startsWith("Root=")) {
                    return part.substring("Root=".length());
                }
            }
            return null;
        }

        @Override
        public void close() {
            for (MDC.MDCCloseable entry : entries) {
                entry.close();
            }
        }
    }
}
