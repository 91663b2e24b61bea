package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A shopper's own data through the real Lambda handler: their orders page by page, and everything held as an export. */
class HttpMyDataTest {
    @RegisterExtension
    static final Api api = new Api();

    @Test
    @SuppressWarnings("unchecked")
    void myOrdersPageNewestFirstExactlyOnceAndOnlyMine() {
        String customer = "mine-" + UUID.randomUUID().toString().substring(0, 8);
        String me = Api.shopper(customer);
        List<String> reserved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reserved.add(reserve(openSale(), me));
        }
        reserve(openSale(), Api.shopper("someone-else-" + customer));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            APIGatewayV2HTTPResponse page = api.send(withQuery(api.event("GET", "/me/orders", me, null, Map.of()),
                    cursor == null ? Map.of("limit", "2") : Map.of("limit", "2", "cursor", cursor)));
            assertEquals(200, page.getStatusCode(), page.getBody());
            assertEquals("no-store", page.getHeaders().get("Cache-Control"));
            Map<String, Object> body = api.body(page);
            List<Map<String, Object>> orders = (List<Map<String, Object>>) body.get("orders");
            assertThat(orders.size()).isLessThanOrEqualTo(2);
            orders.forEach(o -> {
                assertEquals(customer, o.get("customerId"));
                assertThat(o).doesNotContainKey("signals");
                seen.add((String) o.get("orderId"));
            });
            cursor = (String) body.get("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(reserved.reversed());
    }

    @Test
    void anotherCustomersCursorAHugeLimitOrAnIdentityHeaderChangeNothing() {
        String customer = "cursor-" + UUID.randomUUID().toString().substring(0, 8);
        String me = Api.shopper(customer);
        for (int i = 0; i < 3; i++) {
            reserve(openSale(), me);
        }
        String other = Api.shopper("other-" + customer);
        String mine = (String) api.body(api.send(withQuery(api.event("GET", "/me/orders", me, null, Map.of()),
                Map.of("limit", "1")))).get("nextCursor");
        assertThat(mine).isNotNull();

        api.assertProblem(api.send(withQuery(api.event("GET", "/me/orders", other, null, Map.of()),
                Map.of("cursor", mine))), 400, "invalid-request");
        api.assertProblem(api.send(withQuery(api.event("GET", "/me/orders", me, null, Map.of()),
                Map.of("limit", "100000"))), 400, "invalid-request");
        api.assertProblem(api.send(withQuery(api.event("GET", "/me/orders", me, null, Map.of()),
                Map.of("limit", "0"))), 400, "invalid-request");
        api.assertProblem(api.send(withQuery(api.event("GET", "/me/export", me, null, Map.of()),
                Map.of("cursor", "not-a-cursor"))), 400, "invalid-request");
        api.assertProblem(api.send(api.event("GET", "/me/orders", null, null, Map.of())), 401, "unauthorized");
        api.assertProblem(api.send(api.event("GET", "/me/export", null, null, Map.of("x-customer-id", customer))),
                401, "unauthorized");

        Map<String, Object> claimed = api.body(api.send("my-export.json", Map.of("SHOPPER_TOKEN", other)));
        assertEquals("other-" + customer, claimed.get("customerId"));
        assertThat((List<?>) claimed.get("orders")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExportHoldsMyOrdersTheirSignalsAndRefunds() {
        String customer = "export-" + UUID.randomUUID().toString().substring(0, 8);
        String me = Api.shopper(customer);
        String kept = reserve(openSale(), me);
        String refunded = reserve(openSale(), me);
        APIGatewayV2HTTPResponse paid = api.send(api.event("POST", "/orders/" + refunded + "/payment", me,
                "{\"paymentToken\":\"tok_approve_export\"}", Map.of()));
        assertEquals(200, paid.getStatusCode(), paid.getBody());
        APIGatewayV2HTTPResponse cancelled = api.send(api.event("POST", "/orders/" + refunded + "/cancel", me, null, Map.of()));
        assertEquals(200, cancelled.getStatusCode(), cancelled.getBody());

        APIGatewayV2HTTPResponse answer = api.send("my-export.json", Map.of("SHOPPER_TOKEN", me));
        assertEquals(200, answer.getStatusCode(), answer.getBody());
        Map<String, Object> export = api.body(answer);
        assertEquals(customer, export.get("customerId"));
        assertThat(export).doesNotContainKey("nextCursor");
        List<Map<String, Object>> orders = (List<Map<String, Object>>) export.get("orders");
        assertThat(orders).extracting(o -> o.get("orderId")).containsExactly(refunded, kept);
        Map<String, Object> signals = (Map<String, Object>) orders.get(0).get("signals");
        assertThat(signals).containsEntry("sourceIp", "127.0.0.1").containsKey("tokenIssuedAt");
        assertThat((String) orders.get(0).get("cardFingerprint")).matches("fp_[0-9a-f]{32}");
        List<Map<String, Object>> refunds = (List<Map<String, Object>>) export.get("refunds");
        assertThat(refunds).singleElement().satisfies(r -> {
            assertEquals(refunded, r.get("orderId"));
            assertEquals(orders.get(0).get("refundId"), r.get("refundId"));
        });
    }

    private static APIGatewayV2HTTPEvent withQuery(APIGatewayV2HTTPEvent event, Map<String, String> query) {
        event.setQueryStringParameters(query);
        return event;
    }

    private static String openSale() {
        String saleId = "me-sale-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        APIGatewayV2HTTPResponse created = api.send("admin-create-sale.json", Map.of("SALE_ID", saleId,
                "ADMIN_TOKEN", Api.admin(), "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(86_400).toString()));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return saleId;
    }

    private static String reserve(String saleId, String shopper) {
        APIGatewayV2HTTPResponse reserved = api.send(api.event("POST", "/sales/" + saleId + "/reservations", shopper,
                "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString())));
        assertEquals(201, reserved.getStatusCode(), reserved.getBody());
        return (String) api.body(reserved).get("orderId");
    }
}
