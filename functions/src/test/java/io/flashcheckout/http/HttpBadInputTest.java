package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Bad requests get a 4xx problem+json with a stable slug, never a 5xx, and write nothing. */
class HttpBadInputTest {
    private static Api api;
    private static String saleId;
    private static String orderId;
    private static final String SHOPPER = Api.shopper("dora");

    @BeforeAll
    static void start() {
        api = new Api();
        saleId = "bad-input-sale";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(201, api.send("admin-create-sale.json", Map.of("SALE_ID", saleId, "ADMIN_TOKEN", Api.admin(),
                "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(86_400).toString())).getStatusCode());
        orderId = (String) api.body(api.send(api.event("POST", "/sales/" + saleId + "/reservations", SHOPPER,
                "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString())))).get("orderId");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Stream<Arguments> badRequests() {
        String reserve = "/sales/bad-input-sale/reservations";
        Map<String, String> key = Map.of("idempotency-key", "key-" + UUID.randomUUID());
        String expired = Api.token("dora", null, Duration.ofSeconds(-60));
        String forged = Api.shopper("dora").substring(0, Api.shopper("dora").lastIndexOf('.')) + ".c2lnbmF0dXJl";
        return Stream.of(
                arguments("malformed JSON", "POST", reserve, SHOPPER, "{\"quantity\":", key, 400, "invalid-request"),
                arguments("quantity as a string", "POST", reserve, SHOPPER, "{\"quantity\":\"one\"}", key, 400, "invalid-request"),
                arguments("quantity as a fraction", "POST", reserve, SHOPPER, "{\"quantity\":1.5}", key, 400, "invalid-request"),
                arguments("quantity beyond a long", "POST", reserve, SHOPPER, "{\"quantity\":123456789012345678901234567890}", key, 400, "invalid-request"),
                arguments("negative quantity", "POST", reserve, SHOPPER, "{\"quantity\":-3}", key, 400, "invalid-request"),
                arguments("huge quantity", "POST", reserve, SHOPPER, "{\"quantity\":1000000}", key, 400, "invalid-request"),
                arguments("array body", "POST", reserve, SHOPPER, "[1,2]", key, 400, "invalid-request"),
                arguments("empty body", "POST", reserve, SHOPPER, "", key, 400, "invalid-request"),
                arguments("missing quantity", "POST", reserve, SHOPPER, "{\"qty\":1}", key, 400, "invalid-request"),
                arguments("unknown field of a wrong type is ignored but quantity missing", "POST", reserve, SHOPPER, "{\"extra\":{\"a\":[1]}}", key, 400, "invalid-request"),
                arguments("missing Idempotency-Key", "POST", reserve, SHOPPER, "{\"quantity\":1}", Map.of(), 400, "invalid-request"),
                arguments("short Idempotency-Key", "POST", reserve, SHOPPER, "{\"quantity\":1}", Map.of("idempotency-key", "k"), 400, "invalid-request"),
                arguments("huge body", "POST", reserve, SHOPPER, "{\"quantity\":1,\"pad\":\"" + "x".repeat(200_000) + "\"}",
                        Map.of("idempotency-key", "key-" + UUID.randomUUID(), "content-length", "200027"), 413, "invalid-request"),
                arguments("no token", "POST", reserve, null, "{\"quantity\":1}", key, 401, "unauthorized"),
                arguments("expired token", "POST", reserve, expired, "{\"quantity\":1}", key, 401, "unauthorized"),
                arguments("forged signature", "POST", reserve, forged, "{\"quantity\":1}", key, 401, "unauthorized"),
                arguments("garbage token", "POST", reserve, "not-a-jwt", "{\"quantity\":1}", key, 401, "unauthorized"),
                arguments("unknown sale", "POST", "/sales/no-such-sale/reservations", SHOPPER, "{\"quantity\":1}", key, 404, "not-found"),
                arguments("unknown route", "GET", "/nowhere", SHOPPER, null, Map.of(), 404, "not-found"),
                arguments("shopper on an admin route", "POST", "/admin/sales/bad-input-sale/restock", SHOPPER, "{\"quantity\":5}", Map.of(), 403, "forbidden"),
                arguments("admin sale without body", "POST", "/admin/sales", Api.admin(), "{}", Map.of(), 400, "invalid-request"),
                arguments("admin sale with a bad price", "POST", "/admin/sales", Api.admin(),
                        "{\"saleId\":\"x1\",\"sku\":\"S\",\"title\":\"T\",\"price\":{\"amount\":\"-1\",\"currency\":\"EUR\"},\"stock\":5,\"opensAt\":\"2026-01-01T00:00:00Z\",\"closesAt\":\"2027-01-01T00:00:00Z\"}", Map.of(), 400, "invalid-request"),
                arguments("admin sale with a bad instant", "POST", "/admin/sales", Api.admin(),
                        "{\"saleId\":\"x2\",\"sku\":\"S\",\"title\":\"T\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"stock\":5,\"opensAt\":\"yesterday\",\"closesAt\":\"2027-01-01T00:00:00Z\"}", Map.of(), 400, "invalid-request"),
                arguments("restock of zero", "POST", "/admin/sales/bad-input-sale/restock", Api.admin(), "{\"quantity\":0}", Map.of(), 400, "invalid-request"),
                arguments("reopen with a bad instant", "POST", "/admin/sales/bad-input-sale/reopen", Api.admin(),
                        "{\"opensAt\":\"tomorrow\",\"closesAt\":\"2099-01-01T00:00:00Z\"}", Map.of(), 400, "invalid-request"),
                arguments("reopen without a window", "POST", "/admin/sales/bad-input-sale/reopen", Api.admin(), "{}", Map.of(), 400, "invalid-request"),
                arguments("reopen in the past", "POST", "/admin/sales/bad-input-sale/reopen", Api.admin(),
                        "{\"opensAt\":\"2020-01-01T00:00:00Z\",\"closesAt\":\"2020-01-02T00:00:00Z\"}", Map.of(), 400, "invalid-request"),
                arguments("reopen by a shopper", "POST", "/admin/sales/bad-input-sale/reopen", SHOPPER,
                        "{\"opensAt\":\"2099-01-01T00:00:00Z\",\"closesAt\":\"2099-01-02T00:00:00Z\"}", Map.of(), 403, "forbidden"),
                arguments("bulk cancel without ids", "POST", "/admin/orders/cancel", Api.admin(), "{\"orderIds\":[],\"reason\":\"x\"}", Map.of(), 400, "invalid-request"),
                arguments("payment without token", "POST", "/orders/o-00000000000000000000000000000000/payment", SHOPPER, "{}", Map.of(), 400, "invalid-request"),
                arguments("payment of an unknown order", "POST", "/orders/o-00000000000000000000000000000000/payment", SHOPPER, "{\"paymentToken\":\"tok_approve\"}", Map.of(), 404, "not-found"),
                arguments("malformed order id", "GET", "/orders/%00", SHOPPER, null, Map.of(), 404, "not-found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsAreRefusedAndWriteNothing(String what, String method, String path, String token, String body,
                                              Map<String, String> headers, int status, String slug) {
        List<Map<String, AttributeValue>> before = api.audit.everything();
        APIGatewayV2HTTPResponse response = api.send(api.event(method, path, token, body, headers));
        api.assertProblem(response, status, slug);
        assertEquals(before, api.audit.everything(), what + " wrote something");
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        Map<String, String> key = Map.of("idempotency-key", "key-" + UUID.randomUUID());
        String other = Api.shopper("erik");
        assertEquals(201, api.send(api.event("POST", "/sales/" + saleId + "/reservations", other, "{\"quantity\":1}", key)).getStatusCode());
        api.assertProblem(api.send(api.event("POST", "/sales/" + saleId + "/reservations", other, "{\"quantity\":2}", key)), 422, "idempotency-conflict");
    }

    @Test
    void aDeclineIs402AndAnUnknownOutcomeIs202() {
        String path = "/orders/" + orderId + "/payment";
        api.assertProblem(api.send(api.event("POST", path, SHOPPER, "{\"paymentToken\":\"tok_decline\"}", Map.of())), 402, "payment-declined");
        APIGatewayV2HTTPResponse pending = api.send(api.event("POST", path, SHOPPER, "{\"paymentToken\":\"tok_timeout\"}", Map.of()));
        assertEquals(202, pending.getStatusCode(), pending.getBody());
        assertEquals("PAYING", api.body(pending).get("status"));
        api.assertProblem(api.send(api.event("POST", "/orders/" + orderId + "/cancel", SHOPPER, null, Map.of())), 409, "not-cancellable");
    }

}
