package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.support.ElasticMqLocal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code GET /admin/sales/{saleId}/live}, the operator console's figures, through the real admin handler on DynamoDB
 * Local and ElasticMQ: orders by status, payments by outcome, refunds pending, holds ending soon, the DLQs' depths;
 * admin only, and a problem for bad or unknown sale ids.
 */
class HttpLiveFiguresTest {
    @RegisterExtension
    static final Api api = new Api();
    private static String prefix;

    @BeforeAll
    static void start() {
        prefix = api.tables.orders().substring(0, api.tables.orders().length() - "orders".length());
        // the dead-letter twins, as the template creates them beside each queue
        for (QueueNames queue : QueueNames.all()) {
            ElasticMqLocal.shared().client().createQueue(b -> b.queueName(queue.deadLetterName(prefix)));
        }
    }

    @Test
    void countsTheSalesOrdersByStatusAndOutcomeAndReadsTheDeadLetterQueues() {
        String saleId = openSale(20, 60);
        String paid = reserve(saleId, "paid", 2);
        String declined = reserve(saleId, "declined", 1);
        reserve(saleId, "holding", 1);
        String refunded = reserve(saleId, "refunded", 1);
        expect(200, pay(paid, "paid", "tok_approve_live-card-1"));
        expect(402, pay(declined, "declined", "tok_decline_live-card-2"));
        expect(200, pay(refunded, "refunded", "tok_approve_live-card-3"));
        expect(200, api.send(api.event("POST", "/admin/orders/cancel", Api.admin(),
                "{\"orderIds\":[\"" + refunded + "\"],\"reason\":\"unusual activity\"}", Map.of())));
        String dlq = ElasticMqLocal.shared().client().getQueueUrl(b -> b.queueName(QueueNames.REFUNDS.deadLetterName(prefix))).queueUrl();
        ElasticMqLocal.shared().client().sendMessage(b -> b.queueUrl(dlq).messageBody("{\"parked\":1}"));
        ElasticMqLocal.shared().client().sendMessage(b -> b.queueUrl(dlq).messageBody("{\"parked\":2}"));

        Map<String, Object> live = api.body(expect(200, adminGet("/admin/sales/" + saleId + "/live")));

        assertThat(map(live.get("sale"))).containsEntry("saleId", saleId).containsEntry("available", 16); // 20 - 5 held + the refunded unit back
        Map<String, Object> byStatus = map(live.get("ordersByStatus"));
        assertThat(map(byStatus.get("PAID"))).containsEntry("orders", 1).containsEntry("units", 2);
        assertThat(map(byStatus.get("RESERVED"))).containsEntry("orders", 2).containsEntry("units", 2);
        assertThat(map(byStatus.get("REFUND_PENDING"))).containsEntry("orders", 1).containsEntry("units", 1);
        assertThat(map(byStatus.get("CANCELLED"))).containsEntry("orders", 0);
        assertThat(map(live.get("payments"))).containsEntry("paid", 2).containsEntry("paying", 0).containsEntry("declined", 1);
        assertThat(map(live.get("refundsPending"))).containsEntry("orders", 1).containsEntry("units", 1);
        // both unpaid orders hold for 60 s, so both end within the next minute
        assertThat(map(live.get("holdsEndingSoon"))).containsEntry("orders", 2).containsEntry("units", 2);
        assertThat(live).containsEntry("ordersCounted", 4).containsEntry("ordersTruncated", false);
        assertThat(list(live.get("deadLetters"))).extracting(q -> q.get("queue"))
                .containsExactly("hold-expiry-dlq", "checkout-recovery-dlq", "refunds-dlq", "refund-issued-dlq");
        assertThat(list(live.get("deadLetters"))).filteredOn(q -> q.get("queue").equals("refunds-dlq"))
                .singleElement().satisfies(q -> assertThat(q).containsEntry("messages", 2));
    }

    @Test
    void theEventFileIsAnsweredAndOnlyAdminsReadItAndBadOrUnknownSalesAreProblems() {
        String saleId = openSale(5, 600);
        assertEquals(200, api.send("admin-live.json", Map.of("SALE_ID", saleId, "ADMIN_TOKEN", Api.admin())).getStatusCode());
        APIGatewayV2HTTPEvent asShopper = api.event("GET", "/admin/sales/" + saleId + "/live", Api.shopper("curious"), null, Map.of());
        api.assertProblem(api.send(asShopper), 403, "forbidden");
        api.assertProblem(api.send(api.event("GET", "/admin/sales/" + saleId + "/live", null, null, Map.of())), 401, "unauthorized");
        api.assertProblem(adminGet("/admin/sales/no-such-sale-" + UUID.randomUUID().toString().substring(0, 8) + "/live"),
                404, "not-found");
        api.assertProblem(adminGet("/admin/sales/Not_A_Slug/live"), 400, "invalid-request");
        api.assertProblem(adminGet("/admin/sales/" + "a".repeat(65) + "/live"), 400, "invalid-request");
    }

    private static APIGatewayV2HTTPResponse adminGet(String path) {
        return api.send(api.event("GET", path, Api.admin(), null, Map.of()));
    }

    private static APIGatewayV2HTTPResponse expect(int status, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        return response;
    }

    private static String openSale(int stock, int holdSeconds) {
        String saleId = "live-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = "{\"saleId\":\"" + saleId + "\",\"sku\":\"M3\",\"title\":\"Poco M3\",\"price\":{\"amount\":\"149.00\","
                + "\"currency\":\"EUR\"},\"stock\":" + stock + ",\"perCustomerLimit\":2,\"opensAt\":\""
                + now.minusSeconds(60) + "\",\"closesAt\":\"" + now.plusSeconds(86_400) + "\",\"holdSeconds\":" + holdSeconds
                + ",\"shards\":4}";
        expect(201, api.send(api.event("POST", "/admin/sales", Api.admin(), body, Map.of())));
        return saleId;
    }

    private static String reserve(String saleId, String customer, int quantity) {
        Map<String, String> headers = new HashMap<>();
        headers.put("idempotency-key", UUID.randomUUID().toString());
        return (String) api.body(expect(201, api.send(api.event("POST", "/sales/" + saleId + "/reservations",
                Api.shopper(customer), "{\"quantity\":" + quantity + "}", headers)))).get("orderId");
    }

    private static APIGatewayV2HTTPResponse pay(String orderId, String customer, String paymentToken) {
        return api.send(api.event("POST", "/orders/" + orderId + "/payment", Api.shopper(customer),
                "{\"paymentToken\":\"" + paymentToken + "\"}", Map.of()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
