package io.flashcheckout.local.emulation;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.local.backends.BindAddresses;
import io.flashcheckout.local.template.CloudFormationTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The template's CORS block as the local front answers it: with a page origin, preflights are answered before any
 * function runs and only that origin is granted; without one, OPTIONS is routed like any method and no answer carries
 * CORS headers (the template then configures none).
 */
class ApiCorsTest {
    private static final String PAGES = "http://localhost:5500";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> invoked = new CopyOnWriteArrayList<>();

    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function = (event, context) -> {
        invoked.add(event.getRequestContext().getHttp().getMethod());
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json", "Retry-After", "1",
                        "Access-Control-Allow-Origin", "*"))
                .withBody("{}").build();
    };

    @Test
    void aPreflightFromThePagesOriginIsGrantedWithoutInvokingAnyFunction() throws Exception {
        try (LambdaHttpFront front = LambdaHttpFront.start(BindAddresses.LOOPBACK, 0, function, null, PAGES)) {
            HttpResponse<String> preflight = send(front, "OPTIONS", "/sales/demo/reservations", Map.of("Origin", PAGES,
                    "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization, content-type, idempotency-key"));

            assertEquals(204, preflight.statusCode());
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGES);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                    .contains("authorization", "idempotency-key", "admission-token", "queue-ticket");
            assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("600");
            assertThat(invoked).isEmpty();
        }
    }

    @Test
    void anotherOriginAMethodOrAHeaderNotAllowedGetsNoGrant() throws Exception {
        try (LambdaHttpFront front = LambdaHttpFront.start(BindAddresses.LOOPBACK, 0, function, null, PAGES)) {
            for (Map<String, String> asked : List.of(
                    Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"),
                    Map.of("Origin", PAGES, "Access-Control-Request-Method", "DELETE"),
                    Map.of("Origin", PAGES, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-customer-id"))) {
                HttpResponse<String> preflight = send(front, "OPTIONS", "/sales/demo/reservations", asked);
                assertEquals(204, preflight.statusCode(), asked.toString());
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(asked.toString()).isEmpty();
            }
            HttpResponse<String> read = send(front, "GET", "/sales/demo", Map.of("Origin", "https://evil.example"));
            assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(invoked).containsExactly("GET");
        }
    }

    @Test
    void anAnswerToThePagesOriginNamesItAndTheHeadersAPageMayReadAndDropsTheFunctionsOwn() throws Exception {
        try (LambdaHttpFront front = LambdaHttpFront.start(BindAddresses.LOOPBACK, 0, function, null, PAGES)) {
            HttpResponse<String> read = send(front, "GET", "/sales/demo", Map.of("Origin", PAGES));

            assertEquals(200, read.statusCode());
            assertThat(read.headers().allValues("Access-Control-Allow-Origin")).containsExactly(PAGES);
            assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("retry-after", "queue-ticket");
            assertThat(read.headers().firstValue("Vary")).contains("Origin");
        }
    }

    @Test
    void withoutAPageOriginTheTemplateConfiguresNoCorsAndOptionsIsRoutedLikeAnyMethod() throws Exception {
        assertThat(ApiCors.of(CloudFormationTemplate.bundled(), null)).isEmpty();
        try (LambdaHttpFront front = LambdaHttpFront.start(BindAddresses.LOOPBACK, 0, function, null, null)) {
            send(front, "OPTIONS", "/sales/demo/reservations", Map.of("Origin", PAGES, "Access-Control-Request-Method", "POST"));
            HttpResponse<String> read = send(front, "GET", "/sales/demo", Map.of("Origin", PAGES));

            assertThat(invoked).containsExactly("OPTIONS", "GET");
            assertThat(read.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*"); // the function's own
        }
    }

    private HttpResponse<String> send(LambdaHttpFront front, String method, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(front.baseUri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
