package io.flashcheckout.local.emulation;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiGatewayEventsTest {
    private static final Instant TIME = Instant.parse("2026-03-01T10:15:30.123Z");

    private static ApiGatewayEvents.Request request(String method, String path, String query,
                                                    Map<String, List<String>> headers, byte[] body) {
        return new ApiGatewayEvents.Request(method, path, query, "HTTP/1.1", headers, body, "127.0.0.1", "req-1", TIME);
    }

    @Test
    void aJsonPostBecomesAVersion2EventWithTheRequestContextFilledIn() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Authorization", List.of("Bearer abc"));
        headers.put("Idempotency-Key", List.of("key-12345"));
        headers.put("Host", List.of("localhost:8080"));
        headers.put("User-Agent", List.of("curl/8.5.0"));
        byte[] body = "{\"quantity\":1}".getBytes(StandardCharsets.UTF_8);

        APIGatewayV2HTTPEvent event = ApiGatewayEvents.toEvent(request("POST", "/sales/demo/reservations", null, headers, body));

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("$default");
        assertThat(event.getRawPath()).isEqualTo("/sales/demo/reservations");
        assertThat(event.getRawQueryString()).isEmpty();
        assertThat(event.getQueryStringParameters()).isNull();
        assertThat(event.getHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "content-type", "application/json", "authorization", "Bearer abc", "idempotency-key", "key-12345",
                "host", "localhost:8080", "user-agent", "curl/8.5.0"));
        assertThat(event.getCookies()).isNull();
        assertThat(event.getBody()).isEqualTo("{\"quantity\":1}");
        assertThat(event.getIsBase64Encoded()).isFalse();

        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        assertThat(context.getHttp().getMethod()).isEqualTo("POST");
        assertThat(context.getHttp().getPath()).isEqualTo("/sales/demo/reservations");
        assertThat(context.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(context.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(context.getHttp().getUserAgent()).isEqualTo("curl/8.5.0");
        assertThat(context.getRequestId()).isEqualTo("req-1");
        assertThat(context.getTimeEpoch()).isEqualTo(TIME.toEpochMilli());
        assertThat(context.getTime()).isEqualTo("01/Mar/2026:10:15:30 +0000");
        assertThat(context.getDomainName()).isEqualTo("localhost");
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getRouteKey()).isEqualTo("$default");
    }

    @Test
    void repeatedHeadersAndQueryParametersAreJoinedWithCommasAndCookiesMoveToTheirOwnField() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("application/json", "text/plain"));
        headers.put("X-Trace", List.of("a"));
        headers.put("x-trace", List.of("b"));
        headers.put("Cookie", List.of("session=1; theme=dark", "lang=en"));

        APIGatewayV2HTTPEvent event = ApiGatewayEvents.toEvent(request("GET", "/sales/demo%20x",
                "status=PAID&status=RESERVED&q=a%2Bb&flag", headers, new byte[0]));

        assertThat(event.getHeaders()).containsOnly(
                Map.entry("accept", "application/json,text/plain"), Map.entry("x-trace", "a,b"));
        assertThat(event.getCookies()).containsExactly("session=1", "theme=dark", "lang=en");
        assertThat(event.getRawPath()).isEqualTo("/sales/demo%20x");
        assertThat(event.getRawQueryString()).isEqualTo("status=PAID&status=RESERVED&q=a%2Bb&flag");
        assertThat(event.getQueryStringParameters()).containsOnly(
                Map.entry("status", "PAID,RESERVED"), Map.entry("q", "a+b"), Map.entry("flag", ""));
        assertThat(event.getBody()).isNull();
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getRequestContext().getDomainName()).isEqualTo("localhost");
    }

    @Test
    void aBinaryBodyTravelsBase64Encoded() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.toEvent(request("PUT", "/upload", null,
                Map.of("Content-Type", List.of("image/png")), png));

        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(png);
    }

    @Test
    void textContentTypesAreRecognised() {
        assertThat(ApiGatewayEvents.isText(null)).isTrue();
        assertThat(ApiGatewayEvents.isText("application/json; charset=utf-8")).isTrue();
        assertThat(ApiGatewayEvents.isText("application/problem+json")).isTrue();
        assertThat(ApiGatewayEvents.isText("text/plain")).isTrue();
        assertThat(ApiGatewayEvents.isText("application/x-www-form-urlencoded")).isTrue();
        assertThat(ApiGatewayEvents.isText("application/octet-stream")).isFalse();
        assertThat(ApiGatewayEvents.isText("multipart/form-data; boundary=x")).isFalse();
    }

    @Test
    void aTextBodyIsDecodedWithTheCharsetItDeclares() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.toEvent(request("POST", "/x", null,
                Map.of("Content-Type", List.of("text/plain; charset=ISO-8859-1")), latin1));

        assertThat(event.getBody()).isEqualTo("café");
        assertThat(event.getIsBase64Encoded()).isFalse();
    }
}
