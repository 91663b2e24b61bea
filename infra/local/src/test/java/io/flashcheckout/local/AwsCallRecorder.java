package io.flashcheckout.local;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.slf4j.MDC;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS call a function's code makes, as the permissions IAM would check ({@link IamRequests}), with
 * the function that made it. Registered for every SDK client of the test JVM through the SDK's global interceptors
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} on the test classpath), so the functions'
 * own clients are recorded without the production code knowing.
 *
 * <p>The function is the one whose invocation runs on the calling thread: every handler runs its invocation through
 * Powertools logging ({@code LambdaInvocation}), which puts the Lambda context's function name in the MDC for
 * exactly that long, and the local stack names each invocation after the template's function (its route, or the
 * worker). Calls outside an invocation (the local pollers receiving and deleting messages as Lambda's event source
 * mappings would, test set-up) have no function and are not recorded.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
    /** Powertools' MDC key for {@code Context.getFunctionName()}. */
    static final String FUNCTION_NAME = "function_name";

    /** distinct calls only: a rehearsal makes thousands of the same */
    private static final Set<AwsCall> ALL = ConcurrentHashMap.newKeySet();
    private static final Set<Recording> RECORDINGS = new CopyOnWriteArraySet<>();

    /** The calls made while it is open, whatever else the JVM runs meanwhile. */
    static final class Recording implements AutoCloseable {
        private final Set<AwsCall> calls = ConcurrentHashMap.newKeySet();

        Set<AwsCall> calls() {
            return Set.copyOf(calls);
        }

        @Override
        public void close() {
            RECORDINGS.remove(this);
        }
    }

    static Recording start() {
        Recording recording = new Recording();
        RECORDINGS.add(recording);
        return recording;
    }

    /** Every call recorded in this JVM so far, by every test. */
    static Set<AwsCall> all() {
        return Set.copyOf(ALL);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String function = MDC.get(FUNCTION_NAME);
        if (function == null) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        List<IamRequests.Access> accesses;
        try {
            accesses = IamRequests.accesses(service, operation, context.request());
        } catch (RuntimeException unreadable) {
            // never fail the call under test; a resource nobody grants makes the check report it instead
            accesses = List.of(new IamRequests.Access(IamRequests.iamPrefix(service) + ":" + operation, "unreadable request: " + unreadable));
        }
        for (IamRequests.Access access : accesses) {
            AwsCall call = new AwsCall(function, access.action(), access.resource(), AwsCall.CODE);
            ALL.add(call);
            RECORDINGS.forEach(r -> r.calls.add(call));
        }
    }
}
