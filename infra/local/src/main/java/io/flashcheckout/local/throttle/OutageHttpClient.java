package io.flashcheckout.local.throttle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/**
 * The HTTP client under a DynamoDB SDK client, in front of the real one: while {@code down} says so, DynamoDB is
 * unavailable: every attempt the SDK sends (first try and each SDK retry) fails without reaching DynamoDB Local, one
 * in two as a refused connection and the other as DynamoDB's HTTP 500 {@code InternalServerError}, so the SDK's
 * retries run and then the caller sees what it would see on AWS during an outage.
 */
public final class OutageHttpClient implements SdkHttpClient {
    private static final byte[] INTERNAL_ERROR = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
            + "\"message\":\"Internal server error (a simulated outage)\"}").getBytes(StandardCharsets.UTF_8);

    private final SdkHttpClient delegate;
    private final BooleanSupplier down;
    private final AtomicLong failed = new AtomicLong();

    public OutageHttpClient(SdkHttpClient delegate, BooleanSupplier down) {
        this.delegate = delegate;
        this.down = down;
    }

    /** Attempts failed so far. */
    public long failed() {
        return failed.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (!down.getAsBoolean()) {
            return delegate.prepareRequest(request);
        }
        boolean refused = failed.incrementAndGet() % 2 == 0;
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (refused) {
                    throw new java.net.ConnectException("Connection refused (a simulated DynamoDB outage)");
                }
                SdkHttpFullResponse response = SdkHttpFullResponse.builder()
                        .statusCode(500)
                        .statusText("Internal Server Error")
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", Integer.toString(INTERNAL_ERROR.length))
                        .putHeader("x-amzn-RequestId", "OUTAGE" + failed.get())
                        .build();
                return HttpExecuteResponse.builder().response(response)
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(INTERNAL_ERROR))).build();
            }

            @Override
            public void abort() {
                // answered in memory: nothing to abort
            }
        };
    }

    @Override
    public String clientName() {
        return "Outage(" + delegate.clientName() + ")";
    }

    @Override
    public void close() {
        delegate.close();
    }
}
