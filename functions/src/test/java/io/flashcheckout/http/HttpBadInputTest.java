package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Bad requests get a 4xx problem+json with a stable slug, never a 5xx, and write nothing. */
class HttpBadInputTest {
    @RegisterExtension
    static final Api api = new Api();
    private static String saleId;
    private static String orderId;
    private static final String SHOPPER = Api.shopper("dora");

    @BeforeAll
    static void start() {
        saleId = "bad-input-sale";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(201, api.send("admin-create-sale.json", Map.of("SALE_ID", saleId, "ADMIN_TOKEN", Api.admin(),
                "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(86_400).toString())).getStatusCode());
        orderId = (String) api.body(api.send(api.event("POST", "/sales/" + saleId + "/reservations", SHOPPER,
                "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString())))).get("orderId");
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
                arguments("bulk cancel with a 60,000-character reason", "POST", "/admin/orders/cancel", Api.admin(),
                        "{\"orderIds\":[\"o-00000000000000000000000000000000\"],\"reason\":\"" + "r".repeat(60_000) + "\"}", Map.of(), 400, "invalid-request"),
                arguments("payment without token", "POST", "/orders/o-00000000000000000000000000000000/payment", SHOPPER, "{}", Map.of(), 400, "invalid-request"),
                arguments("payment of an unknown order", "POST", "/orders/o-00000000000000000000000000000000/payment", SHOPPER, "{\"paymentToken\":\"tok_approve\"}", Map.of(), 404, "not-found"),
                arguments("malformed order id", "GET", "/orders/%00", SHOPPER, null, Map.of(), 400, "invalid-request"));
    }

    /** Issue #11: numbers, bodies, ids and keys whose size the caller picks must not pick the answer's size or cost. */
    static Stream<Arguments> unboundedInput() {
        String reserve = "/sales/bad-input-sale/reservations";
        String restock = "/admin/sales/bad-input-sale/restock";
        Map<String, String> key = Map.of("idempotency-key", "key-" + UUID.randomUUID());
        String digits = "9".repeat(60_000);
        String longId = "a".repeat(10_000);
        String bigBody = "{\"quantity\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}";
        return Stream.of(
                arguments("quantity 1e300000000", "POST", reserve, SHOPPER, "{\"quantity\":1e300000000}", key, 400, "invalid-request"),
                arguments("quantity \"1e300000000\"", "POST", reserve, SHOPPER, "{\"quantity\":\"1e300000000\"}", key, 400, "invalid-request"),
                arguments("quantity 1e-300000000", "POST", reserve, SHOPPER, "{\"quantity\":1e-300000000}", key, 400, "invalid-request"),
                arguments("quantity \"1e-300000000\"", "POST", reserve, SHOPPER, "{\"quantity\":\"1e-300000000\"}", key, 400, "invalid-request"),
                arguments("quantity of 60,000 digits", "POST", reserve, SHOPPER, "{\"quantity\":" + digits + "}", key, 400, "invalid-request"),
                arguments("quantity of 60,000 digits as a string", "POST", reserve, SHOPPER, "{\"quantity\":\"" + digits + "\"}", key, 400, "invalid-request"),
                arguments("quantity of 60,000 decimals", "POST", reserve, SHOPPER, "{\"quantity\":1." + "0".repeat(60_000) + "1}", key, 400, "invalid-request"),
                arguments("quantity -0", "POST", reserve, SHOPPER, "{\"quantity\":-0}", key, 400, "invalid-request"),
                arguments("quantity -0.0e-5", "POST", reserve, SHOPPER, "{\"quantity\":-0.0e-5}", key, 400, "invalid-request"),
                arguments("restock 1e300000000", "POST", restock, Api.admin(), "{\"quantity\":1e300000000}", Map.of(), 400, "invalid-request"),
                arguments("restock \"1e300000000\"", "POST", restock, Api.admin(), "{\"quantity\":\"1e300000000\"}", Map.of(), 400, "invalid-request"),
                arguments("restock 1e-300000000", "POST", restock, Api.admin(), "{\"quantity\":1e-300000000}", Map.of(), 400, "invalid-request"),
                arguments("restock of 60,000 digits", "POST", restock, Api.admin(), "{\"quantity\":" + digits + "}", Map.of(), 400, "invalid-request"),
                arguments("sale stock 1e300000000", "POST", "/admin/sales", Api.admin(), sale("\"stock\":1e300000000"), Map.of(), 400, "invalid-request"),
                arguments("sale stock \"1e300000000\"", "POST", "/admin/sales", Api.admin(), sale("\"stock\":\"1e300000000\""), Map.of(), 400, "invalid-request"),
                arguments("sale stock 1e-300000000", "POST", "/admin/sales", Api.admin(), sale("\"stock\":1e-300000000"), Map.of(), 400, "invalid-request"),
                arguments("sale stock 5.5", "POST", "/admin/sales", Api.admin(), sale("\"stock\":5.5"), Map.of(), 400, "invalid-request"),
                arguments("sale stock of 60,000 digits", "POST", "/admin/sales", Api.admin(), sale("\"stock\":" + digits), Map.of(), 400, "invalid-request"),
                arguments("sale perCustomerLimit 1e300000000", "POST", "/admin/sales", Api.admin(), sale("\"stock\":5,\"perCustomerLimit\":1e300000000"), Map.of(), 400, "invalid-request"),
                arguments("sale holdSeconds \"1e-300000000\"", "POST", "/admin/sales", Api.admin(), sale("\"stock\":5,\"holdSeconds\":\"1e-300000000\""), Map.of(), 400, "invalid-request"),
                arguments("sale holdSeconds 600.5", "POST", "/admin/sales", Api.admin(), sale("\"stock\":5,\"holdSeconds\":600.5"), Map.of(), 400, "invalid-request"),
                arguments("sale shards 1e300000000", "POST", "/admin/sales", Api.admin(), sale("\"stock\":5,\"shards\":1e300000000"), Map.of(), 400, "invalid-request"),
                arguments("sale price amount 1e300000000", "POST", "/admin/sales", Api.admin(),
                        sale("\"stock\":5").replace("\"1.00\"", "1e300000000"), Map.of(), 400, "invalid-request"),
                arguments("sale price amount \"1e300000000\"", "POST", "/admin/sales", Api.admin(),
                        sale("\"stock\":5").replace("\"1.00\"", "\"1e300000000\""), Map.of(), 400, "invalid-request"),
                arguments("body over 64 KiB without Content-Length", "POST", reserve, SHOPPER, bigBody, key, 413, "invalid-request"),
                arguments("body over 64 KiB, chunked", "POST", reserve, SHOPPER, bigBody,
                        Map.of("idempotency-key", "key-" + UUID.randomUUID(), "transfer-encoding", "chunked"), 413, "invalid-request"),
                arguments("body over 64 KiB with a lying Content-Length", "POST", reserve, SHOPPER, bigBody,
                        Map.of("idempotency-key", "key-" + UUID.randomUUID(), "content-length", "14"), 413, "invalid-request"),
                arguments("sale body over 64 KiB without Content-Length", "POST", "/admin/sales", Api.admin(),
                        sale("\"stock\":5,\"pad\":\"" + "x".repeat(70_000) + "\""), Map.of(), 413, "invalid-request"),
                arguments("overlong sale id", "GET", "/sales/" + longId, null, null, Map.of(), 400, "invalid-request"),
                arguments("overlong sale id on reserve", "POST", "/sales/" + longId + "/reservations", SHOPPER, "{\"quantity\":1}", key, 400, "invalid-request"),
                arguments("overlong sale id on restock", "POST", "/admin/sales/" + longId + "/restock", Api.admin(), "{\"quantity\":1}", Map.of(), 400, "invalid-request"),
                arguments("overlong order id", "GET", "/orders/" + longId, SHOPPER, null, Map.of(), 400, "invalid-request"),
                arguments("overlong order id on payment", "POST", "/orders/" + longId + "/payment", SHOPPER, "{\"paymentToken\":\"tok_approve\"}", Map.of(), 400, "invalid-request"),
                arguments("overlong order id on cancel", "POST", "/orders/" + longId + "/cancel", SHOPPER, null, Map.of(), 400, "invalid-request"),
                arguments("control characters in a sale id", "GET", "/sales/bad%0D%0Ainput%1B%5B31m", null, null, Map.of(), 400, "invalid-request"),
                arguments("control characters in a sale id on reserve", "POST", "/sales/bad%00input/reservations", SHOPPER, "{\"quantity\":1}", key, 400, "invalid-request"),
                arguments("control characters in an order id", "GET", "/orders/o-%0D%0A%1B", SHOPPER, null, Map.of(), 400, "invalid-request"),
                arguments("overlong Idempotency-Key", "POST", reserve, SHOPPER, "{\"quantity\":1}", Map.of("idempotency-key", "k".repeat(10_000)), 400, "invalid-request"),
                arguments("overlong restock Idempotency-Key", "POST", restock, Api.admin(), "{\"quantity\":1}", Map.of("idempotency-key", "k".repeat(10_000)), 400, "invalid-request"),
                arguments("bulk cancel of an overlong order id", "POST", "/admin/orders/cancel", Api.admin(),
                        "{\"orderIds\":[\"" + longId + "\"],\"reason\":\"scalper\"}", Map.of(), 400, "invalid-request"),
                arguments("unknown route of 10,000 characters", "GET", "/" + longId, SHOPPER, null, Map.of(), 404, "not-found"));
    }

    /** An instant given as epoch seconds of 1e300000000 kept a CPU busy for minutes before the fix. */
    static Stream<Arguments> numericInstants() {
        String reopen = "/admin/sales/bad-input-sale/reopen";
        return Stream.of(
                arguments("sale opensAt 1e300000000", "POST", "/admin/sales", Api.admin(),
                        sale("\"stock\":5").replace("\"2026-01-01T00:00:00Z\"", "1e300000000"), Map.of(), 400, "invalid-request"),
                arguments("sale closesAt \"-1e300000000\"", "POST", "/admin/sales", Api.admin(),
                        sale("\"stock\":5").replace("\"2099-01-01T00:00:00Z\"", "\"-1e300000000\""), Map.of(), 400, "invalid-request"),
                arguments("reopen opensAt 1e-300000000", "POST", reopen, Api.admin(),
                        "{\"opensAt\":1e-300000000,\"closesAt\":\"2099-01-01T00:00:00Z\"}", Map.of(), 400, "invalid-request"),
                arguments("reopen closesAt \"1e300000000\"", "POST", reopen, Api.admin(),
                        "{\"opensAt\":\"2098-01-01T00:00:00Z\",\"closesAt\":\"1e300000000\"}", Map.of(), 400, "invalid-request"),
                arguments("reopen closesAt 4102444800", "POST", reopen, Api.admin(),
                        "{\"opensAt\":\"2098-01-01T00:00:00Z\",\"closesAt\":4102444800}", Map.of(), 400, "invalid-request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericInstants")
    void numericInstantsAreRefusedQuicklyAndWriteNothing(String what, String method, String path, String token, String body,
                                                         Map<String, String> headers, int status, String slug) {
        badRequestsAreRefusedAndWriteNothing(what, method, path, token, body, headers, status, slug);
    }

    private static String sale(String numbers) {
        return "{\"saleId\":\"bounded-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"sku\":\"S\",\"title\":\"T\","
                + "\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"opensAt\":\"2026-01-01T00:00:00Z\","
                + "\"closesAt\":\"2099-01-01T00:00:00Z\"," + numbers + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"badRequests", "unboundedInput"})
    void badRequestsAreRefusedAndWriteNothing(String what, String method, String path, String token, String body,
                                              Map<String, String> headers, int status, String slug) {
        List<Map<String, AttributeValue>> before = api.audit.everything();
        APIGatewayV2HTTPResponse response = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> api.send(api.event(method, path, token, body, headers)), what + " took too long");
        api.assertProblem(response, status, slug);
        assertThat(response.getBody().getBytes(StandardCharsets.UTF_8).length).as(what + ": size of the answer").isLessThan(2048);
        assertEquals(before, api.audit.everything(), what + " wrote something");
    }

    static Stream<Arguments> frameworkErrors() {
        String reserve = "/sales/bad-input-sale/reservations";
        Map<String, String> key = Map.of("idempotency-key", "key-" + UUID.randomUUID());
        return Stream.of(
                arguments("malformed JSON", "POST", reserve, SHOPPER, "{\"quantity\":MARKER}", key),
                arguments("an object for a number", "POST", reserve, SHOPPER, "{\"quantity\":{\"MARKER\":1}}", key),
                arguments("a bad instant", "POST", "/admin/sales/bad-input-sale/reopen", Api.admin(),
                        "{\"opensAt\":\"MARKER\",\"closesAt\":\"2099-01-01T00:00:00Z\"}", Map.of()),
                arguments("a string for a price", "POST", "/admin/sales", Api.admin(), "{\"price\":\"MARKER\"}", Map.of()),
                arguments("an unknown media type", "POST", reserve, SHOPPER, "{\"quantity\":1}",
                        Map.of("idempotency-key", "key-" + UUID.randomUUID(), "content-type", "text/MARKER")),
                arguments("an unknown route", "GET", "/MARKER%0D%0A%1B%5B31m/" + "y".repeat(5_000), SHOPPER, null, Map.of()),
                arguments("a method the route has not", "DELETE", "/sales/MARKER", SHOPPER, null, Map.of()));
    }

    /** What a parser says about a bad request (class names, the input itself) never reaches the caller. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworkErrors")
    void frameworkErrorsAnswerAFixedDetail(String what, String method, String path, String token, String body,
                                           Map<String, String> headers) {
        List<Map<String, AttributeValue>> before = api.audit.everything();
        APIGatewayV2HTTPResponse response = api.send(api.event(method, path, token, body, headers));
        assertThat(response.getStatusCode()).as(what).isBetween(400, 499);
        Map<String, Object> problem = api.body(response);
        String detail = (String) problem.get("detail");
        String instance = (String) problem.get("instance");
        assertThat(detail).as(what).doesNotContainIgnoringCase("marker").doesNotContain("Exception", "`", "io.micronaut",
                "com.fasterxml", "java.").hasSizeLessThan(200);
        // a short plain path may come back as the instance; anything long or escaped does not
        assertThat(instance == null ? "/" : instance).as(what).hasSizeLessThanOrEqualTo(128).matches("/[A-Za-z0-9/._~-]*");
        assertEquals(before, api.audit.everything(), what + " wrote something");
    }

    /** A header holding a control character is refused before anything reads it (StepHandler; it once answered 500). */
    @Test
    void aControlCharacterInAHeaderIsA400() {
        badRequestsAreRefusedAndWriteNothing("control characters in the Idempotency-Key", "POST", "/sales/bad-input-sale/reservations",
                SHOPPER, "{\"quantity\":1}", Map.of("idempotency-key", "key-\u001b[31m-abcdef"), 400, "invalid-request");
    }

    @Test
    void anOversizeBase64BodyIsRefusedAndWritesNothing() {
        List<Map<String, AttributeValue>> before = api.audit.everything();
        APIGatewayV2HTTPEvent event = api.event("POST", "/sales/" + saleId + "/reservations", SHOPPER, null,
                Map.of("idempotency-key", "key-" + UUID.randomUUID(), "content-type", "application/json"));
        event.setBody(Base64.getEncoder().encodeToString(("{\"quantity\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse response = api.send(event);
        api.assertProblem(response, 413, "invalid-request");
        assertEquals(before, api.audit.everything(), "an oversize base64 body wrote something");
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
