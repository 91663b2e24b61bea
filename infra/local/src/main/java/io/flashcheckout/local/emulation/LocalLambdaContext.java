package io.flashcheckout.local.emulation;

import io.flashcheckout.local.backends.LocalAws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Lambda context of one invocation of a local function, named as the template names the function without its
 * stage ({@code flash-checkout-reserve}); its logger writes to stdout.
 */
final class LocalLambdaContext implements Context {
    /** For a request no route of the template matches (API Gateway would answer 404 without invoking anything). */
    static final String FUNCTION_NAME = "flash-checkout-api";
    /** API Gateway gives up on an integration after 30 s; a function behind it has no more time than that. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final LambdaLogger STDOUT = new StdoutLogger(System.out);

    private final String requestId;
    private final String functionName;
    private final long deadlineNanos;

    LocalLambdaContext(String requestId, String functionName, Duration timeout) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + LocalAws.REGION.id() + ":" + ApiGatewayEvents.ACCOUNT_ID + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return STDOUT;
    }

    private record StdoutLogger(PrintStream out) implements LambdaLogger {
        @Override
        public void log(String message) {
            out.print(message);
            out.flush();
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
