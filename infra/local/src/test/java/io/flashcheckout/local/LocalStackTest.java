package io.flashcheckout.local;

import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded stack on free ports: backends up, demo sale created, real HTTP through each route's function handler. */
class LocalStackTest {

    @Test
    void theStackServesTheDemoSaleAndAShopperCanReserve() throws Exception {
        String secret = LocalTokens.generateSecret();
        LocalStack.Settings settings = LocalStack.Settings.defaults(secret)
                .withPorts(0, 0, 0, 0);
        try (LocalStack stack = LocalStack.start(settings)) {
            HttpClient http = HttpClient.newHttpClient();
            String shopper = stack.tokens().customer("shopper-test");

            HttpResponse<String> sale = http.send(HttpRequest.newBuilder(stack.apiUri().resolve("/sales/demo")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> reserved = http.send(HttpRequest.newBuilder(stack.apiUri().resolve("/sales/demo/reservations"))
                    .header("Authorization", "Bearer " + shopper)
                    .header("Idempotency-Key", "local-stack-test-1")
                    .header("X-Forwarded-For", "203.0.113.9")
                    .header("User-Agent", "local-stack-test/1.0")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(stack.apiUri().resolve("/sales/demo/reservations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, sale.statusCode(), sale.body());
            assertThat(sale.body()).contains("\"saleId\":\"demo\"", "\"available\":5000", "\"status\":\"OPEN\"");
            assertEquals(201, reserved.statusCode(), reserved.body());
            assertThat(reserved.body()).contains("\"status\":\"RESERVED\"");
            assertEquals(401, anonymous.statusCode());
            assertThat(anonymous.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            // the order keeps the connection's address (loopback here), never what a header claims; the index the
            // admin listing reads was created from the template
            String admin = stack.tokens().admin();
            String orderId = reserved.body().replaceAll(".*\"orderId\":\"(o-[0-9a-f]{32})\".*", "$1");
            HttpResponse<String> asAdmin = http.send(HttpRequest.newBuilder(stack.apiUri().resolve("/admin/orders/" + orderId))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, asAdmin.statusCode(), asAdmin.body());
            assertThat(asAdmin.body()).contains("\"sourceIp\":\"127.0.0.1\"", "\"userAgentHash\":\"ua_")
                    .doesNotContain("203.0.113.9", "local-stack-test/1.0");
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(stack.apiUri().resolve("/admin/sales/demo/orders?status=RESERVED"))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, listed.statusCode(), listed.body());
            assertThat(listed.body()).contains(orderId);
            assertThat(stack.queueUrls()).containsKeys("flash-checkout-hold-expiry", "flash-checkout-refunds-dlq");

            // no route: API Gateway answers itself, no function is invoked (a wrong method is no route either)
            for (HttpRequest request : List.of(HttpRequest.newBuilder(stack.apiUri().resolve("/nowhere")).build(),
                    HttpRequest.newBuilder(stack.apiUri().resolve("/sales/demo")).DELETE().build())) {
                HttpResponse<String> none = http.send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(404, none.statusCode());
                assertEquals("{\"message\":\"Not Found\"}", none.body());
            }
        }
    }
}
