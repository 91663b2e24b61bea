package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB unavailable (every call answered 500 by the endpoint, or no endpoint listening): once the SDK's retries
 * are spent, the functions answer 503 {@code busy} with {@code Retry-After}, as for a throttled write, never a 500.
 */
class StoreOutageTest {
    private static HttpServer failing;
    private static final AtomicInteger CALLS = new AtomicInteger();

    @BeforeAll
    static void dynamoDbThatAnswers500() throws IOException {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        failing.createContext("/", exchange -> {
            CALLS.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        failing.start();
    }

    @AfterAll
    static void stop() {
        failing.stop(0);
    }

    @Test
    void aDynamoDbAnswering5xxGivesBusyWithRetryAfter() {
        int before = CALLS.get();
        String endpoint = "http://127.0.0.1:" + failing.getAddress().getPort();
        assertBusy(endpoint);
        assertThat(CALLS.get() - before).as("the SDK tried, and retried").isGreaterThan(2);
    }

    @Test
    void anUnreachableDynamoDbGivesBusyWithRetryAfter() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertBusy("http://127.0.0.1:" + closedPort);
    }

    private static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event(String method, String path,
            String token, String body, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        if (token != null) {
            all.put("authorization", "Bearer " + token);
            all.put("content-type", "application/json");
        }
        return com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.builder().withVersion("2.0")
                .withRawPath(path).withRawQueryString("").withHeaders(all).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .withRequestId(UUID.randomUUID().toString()).withStage("$default").build())
                .build();
    }

    private static void assertBusy(String endpoint) {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "flash-checkout.tables.prefix", "outage-",
                "flash-checkout.dynamodb.endpoint", endpoint,
                "flash-checkout.jwt.secret", Api.SECRET,
                "flash-checkout.admission.key", Api.ROOM_KEY))) {
            StepFunctions functions = new StepFunctions(context);
            APIGatewayV2HTTPResponse reserve = functions.send(event("POST", "/sales/s-1/reservations",
                    Api.shopper("c-1"), "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString())));
            APIGatewayV2HTTPResponse sale = functions.send(event("GET", "/sales/s-1", null, null, Map.of()));
            for (APIGatewayV2HTTPResponse response : new APIGatewayV2HTTPResponse[] {reserve, sale}) {
                assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(503);
                assertThat(response.getHeaders()).containsEntry("Retry-After", "1")
                        .containsEntry("Content-Type", Problem.MEDIA_TYPE);
                assertThat(response.getBody()).contains("busy").doesNotContain("internal-error");
            }
        }
    }
}
