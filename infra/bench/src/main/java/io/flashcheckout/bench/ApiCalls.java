package io.flashcheckout.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Counts the DynamoDB calls a client makes, per operation: how many, the time each took as the caller saw it
 * (SDK retries included), and how many failed, by error code (for a cancelled transaction, by cancellation reason).
 * Installed on the client the real services use, so a benchmark can say what one reserve costs in calls.
 */
public final class ApiCalls implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench.started");

    /** Per operation. */
    public record Tally(long calls, long nanos, Map<String, Long> failures) {
        public double meanMillis() {
            return calls == 0 ? 0 : nanos / 1e6 / calls;
        }
    }

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        done(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        String operation = done(attributes);
        Throwable e = context.exception();
        String code;
        if (e instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()) {
            code = "Cancelled" + cancelled.cancellationReasons().stream().map(CancellationReason::code).toList();
        } else if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            code = service.awsErrorDetails().errorCode();
        } else {
            code = e.getClass().getSimpleName();
        }
        failures.computeIfAbsent(operation + " " + code, k -> new LongAdder()).increment();
    }

    private String done(ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Long started = attributes.getAttribute(STARTED);
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (started != null) {
            nanos.computeIfAbsent(operation, k -> new LongAdder()).add(System.nanoTime() - started);
        }
        return operation;
    }

    /** What was counted since the last reset, by operation (sorted). */
    public Map<String, Tally> snapshot() {
        Map<String, Tally> out = new TreeMap<>();
        calls.forEach((op, n) -> {
            Map<String, Long> failed = new TreeMap<>();
            failures.forEach((key, count) -> {
                if (key.startsWith(op + " ")) {
                    failed.put(key.substring(op.length() + 1), count.sum());
                }
            });
            LongAdder time = nanos.get(op);
            out.put(op, new Tally(n.sum(), time == null ? 0 : time.sum(), failed));
        });
        return out;
    }

    public void reset() {
        calls.clear();
        nanos.clear();
        failures.clear();
    }
}
