package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.closing.StoreClosingService;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A store's closing through the real Lambda handlers: after the date every write route is 409 store-closed and
 * changes nothing while reads work; after the retention the sweeper's pass leaves finance's records without anybody's
 * personal data.
 */
class HttpStoreClosingTest {

    @Test
    @SuppressWarnings("unchecked")
    void afterTheClosingDateWritesAreRefusedAndChangeNothingAndReadsWork() {
        try (Api api = new Api()) {
            String saleId = openSale(api);
            String me = Api.shopper("closer");
            String orderId = reserve(api, saleId, me);

            APIGatewayV2HTTPResponse closing = api.send("admin-store-closing.json", Map.of("ADMIN_TOKEN", Api.admin(),
                    "CLOSES_AT", Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString(), "RETENTION_DAYS", "30"));
            assertEquals(200, closing.getStatusCode(), closing.getBody());
            assertThat(api.body(closing)).containsKey("personalDataDeletedFrom");

            List<Map<String, AttributeValue>> before = api.audit.everything();
            api.assertProblem(api.send(api.event("POST", "/sales/" + saleId + "/reservations", Api.shopper("late"),
                    "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString()))), 409, "store-closed");
            api.assertProblem(api.send(api.event("POST", "/orders/" + orderId + "/payment", me,
                    "{\"paymentToken\":\"tok_approve\"}", Map.of())), 409, "store-closed");
            api.assertProblem(api.send(api.event("POST", "/orders/" + orderId + "/cancel", me, null, Map.of())), 409, "store-closed");
            api.assertProblem(api.send(api.event("POST", "/sales/" + saleId + "/queue", me, "{}", Map.of())), 409, "store-closed");
            api.assertProblem(api.send(api.event("POST", "/admin/sales/" + saleId + "/restock", Api.admin(),
                    "{\"quantity\":5}", Map.of())), 409, "store-closed");
            assertEquals(before, api.audit.everything());

            assertEquals(200, api.send(api.event("GET", "/sales/" + saleId, null, null, Map.of())).getStatusCode());
            assertEquals(200, api.send(api.event("GET", "/orders/" + orderId, me, null, Map.of())).getStatusCode());
            Map<String, Object> mine = api.body(api.send(api.event("GET", "/me/orders", me, null, Map.of())));
            assertThat((List<Map<String, Object>>) mine.get("orders")).extracting(o -> o.get("orderId")).containsExactly(orderId);
            assertEquals(200, api.send(api.event("GET", "/me/export", me, null, Map.of())).getStatusCode());

            APIGatewayV2HTTPResponse log = api.send(withQuery(api.event("GET", "/admin/audit", Api.admin(), null, Map.of()),
                    Map.of("saleId", ClosingRoute.AUDIT_SALE)));
            assertThat(log.getBody()).contains("store-closing").contains("retentionDays=30");

            // the closing route itself still takes an admin's change; a shopper may not use it
            api.assertProblem(api.send("admin-store-closing.json", Map.of("ADMIN_TOKEN", me,
                    "CLOSES_AT", Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString(), "RETENTION_DAYS", "30")),
                    403, "forbidden");
            api.assertProblem(api.send("admin-store-closing.json", Map.of("ADMIN_TOKEN", Api.admin(),
                    "CLOSES_AT", "2026-13-01T00:00:00Z", "RETENTION_DAYS", "30")), 400, "invalid-request");
            api.assertProblem(api.send("admin-store-closing.json", Map.of("ADMIN_TOKEN", Api.admin(),
                    "CLOSES_AT", "2026-12-01T00:00:00Z", "RETENTION_DAYS", "99999999999")), 400, "invalid-request");
            APIGatewayV2HTTPResponse postponed = api.send("admin-store-closing.json", Map.of("ADMIN_TOKEN", Api.admin(),
                    "CLOSES_AT", Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString(), "RETENTION_DAYS", "30"));
            assertEquals(200, postponed.getStatusCode(), postponed.getBody());
            assertEquals(201, api.send(api.event("POST", "/sales/" + saleId + "/reservations", Api.shopper("late"),
                    "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString()))).getStatusCode());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterTheRetentionPersonalDataIsGoneAndFinancesRecordsRemain() {
        try (Api api = new Api()) {
            String saleId = openSale(api);
            String me = Api.shopper("leaver");
            String refunded = reserve(api, saleId, me);
            assertEquals(200, api.send(api.event("POST", "/orders/" + refunded + "/payment", me,
                    "{\"paymentToken\":\"tok_approve_leaver\"}", Map.of())).getStatusCode());
            assertEquals(200, api.send(api.event("POST", "/orders/" + refunded + "/cancel", me, null, Map.of())).getStatusCode());
            String other = openSale(api);
            String paid = reserve(api, other, me);
            assertEquals(200, api.send(api.event("POST", "/orders/" + paid + "/payment", me,
                    "{\"paymentToken\":\"tok_approve_leaver\"}", Map.of())).getStatusCode());
            StoreClosingService closing = api.bean(StoreClosingService.class);
            assertThat(closing.applyRetention()).as("nothing is due before a closing is set").isZero();

            assertEquals(200, api.send("admin-store-closing.json", Map.of("ADMIN_TOKEN", Api.admin(),
                    "CLOSES_AT", Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString(),
                    "RETENTION_DAYS", "0")).getStatusCode());
            assertThat(closing.applyRetention()).isPositive();
            assertThat(closing.applyRetention()).as("done once").isZero();
            assertThat(closing.closing().orElseThrow().anonymisedAt()).isNotNull();

            String everything = api.audit.everything().toString();
            assertThat(everything).doesNotContain("leaver").doesNotContain("fp_").doesNotContain("127.0.0.1")
                    .doesNotContain("ua_").doesNotContain("LIMIT#").doesNotContain("CARD#");
            Map<String, Object> paidOrder = api.body(api.send(api.event("GET", "/admin/orders/" + paid, Api.admin(), null, Map.of())));
            assertThat(paidOrder).doesNotContainKey("customerId").containsEntry("status", "PAID")
                    .containsEntry("amount", Map.of("amount", "149.00", "currency", "EUR"));
            assertThat(api.body(api.send(api.event("GET", "/admin/orders/" + refunded, Api.admin(), null, Map.of()))))
                    .containsEntry("status", "REFUND_PENDING").containsKey("refundId");
            Map<String, Object> mine = api.body(api.send(api.event("GET", "/me/orders", me, null, Map.of())));
            assertThat((List<?>) mine.get("orders")).isEmpty();
            api.assertProblem(api.send(api.event("GET", "/orders/" + paid, me, null, Map.of())), 404, "not-found");
        }
    }

    private static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent withQuery(
            com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event, Map<String, String> query) {
        event.setQueryStringParameters(query);
        return event;
    }

    private static String openSale(Api api) {
        String saleId = "closing-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        APIGatewayV2HTTPResponse created = api.send("admin-create-sale.json", Map.of("SALE_ID", saleId,
                "ADMIN_TOKEN", Api.admin(), "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(86_400).toString()));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return saleId;
    }

    private static String reserve(Api api, String saleId, String shopper) {
        APIGatewayV2HTTPResponse reserved = api.send(api.event("POST", "/sales/" + saleId + "/reservations", shopper,
                "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString())));
        assertEquals(201, reserved.getStatusCode(), reserved.getBody());
        return (String) api.body(reserved).get("orderId");
    }
}
