package io.flashcheckout.local.throttle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/**
 * The HTTP client under a DynamoDB SDK client, in front of the real one: each attempt the SDK sends (first try and
 * every SDK retry alike) is shown to a {@link PartitionThrottle}; a throttled write never reaches DynamoDB Local and
 * is answered the way DynamoDB answers it, as an HTTP 400 in DynamoDB's JSON protocol, so the SDK reads it, classifies
 * it and retries it exactly as it would a real one:
 * <ul>
 *   <li>TransactWriteItems: {@code TransactionCanceledException} with one cancellation reason per item,
 *       {@code ThrottlingError} on the items over their cap and {@code None} on the others (the SDK does not retry
 *       it; the checkout's own retry does);</li>
 *   <li>PutItem, UpdateItem, DeleteItem: {@code ProvisionedThroughputExceededException} (the SDK retries it with its
 *       throttling backoff).</li>
 * </ul>
 * A proxy rather than an {@code ExecutionInterceptor}: an interceptor cannot answer a request without sending it,
 * and an exception thrown from one does not go through the SDK's error unmarshalling as DynamoDB's answer does.
 */
public final class ThrottlingHttpClient implements SdkHttpClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String THROTTLING_MESSAGE = "Throughput exceeds the current capacity of your table or index. DynamoDB is "
            + "automatically scaling your table or index so please try again shortly. If exceptions persist, check if "
            + "you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html.";

    private final SdkHttpClient delegate;
    private final PartitionThrottle throttle;
    private final AtomicLong answered = new AtomicLong();

    public ThrottlingHttpClient(SdkHttpClient delegate, PartitionThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (throttle.enabled()) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            String operation = target.substring(target.indexOf('.') + 1);
            Optional<ContentStreamProvider> content = request.contentStreamProvider();
            if (content.isPresent() && isWrite(operation)) {
                JsonNode body = read(content.get());
                PartitionThrottle.Decision decision = throttle.admit(operation, body);
                if (decision.throttled()) {
                    return answer(throttledResponse(operation, decision));
                }
            }
        }
        return delegate.prepareRequest(request);
    }

    private static boolean isWrite(String operation) {
        return switch (operation) {
            case "TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem" -> true;
            default -> false;
        };
    }

    private static JsonNode read(ContentStreamProvider content) {
        try (InputStream in = content.newStream()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String throttledResponse(String operation, PartitionThrottle.Decision decision) {
        ObjectNode body = JSON.createObjectNode();
        if (operation.equals("TransactWriteItems")) {
            body.put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
            ArrayNode reasons = body.putArray("CancellationReasons");
            List<String> codes = new ArrayList<>();
            for (boolean over : decision.itemThrottled()) {
                ObjectNode reason = reasons.addObject();
                reason.put("Code", over ? "ThrottlingError" : "None");
                if (over) {
                    reason.put("Message", THROTTLING_MESSAGE);
                }
                codes.add(over ? "ThrottlingError" : "None");
            }
            body.put("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                    + "[" + String.join(", ", codes) + "]");
        } else {
            body.put("__type", "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
            body.put("message", THROTTLING_MESSAGE);
        }
        return body.toString();
    }

    private ExecutableHttpRequest answer(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String requestId = "THROTTLED" + answered.incrementAndGet();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                SdkHttpFullResponse response = SdkHttpFullResponse.builder()
                        .statusCode(400)
                        .statusText("Bad Request")
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .putHeader("x-amzn-RequestId", requestId)
                        .build();
                return HttpExecuteResponse.builder()
                        .response(response)
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {
                // answered in memory: nothing to abort
            }
        };
    }

    @Override
    public String clientName() {
        return "Throttling(" + delegate.clientName() + ")";
    }

    @Override
    public void close() {
        delegate.close();
    }
}
