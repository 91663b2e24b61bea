package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.admission.QueueAdvancer;
import io.flashcheckout.support.TableAudit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The waiting room through the real handlers of the queue, reserve and admin functions (events from {@code events/},
 * every answer checked against the OpenAPI document): the shopper's journey, and bad input that writes nothing.
 */
class QueueRoutesTest {
    @RegisterExtension
    static final Api api = new Api();

    private static String createSale(String admission) {
        String saleId = "room-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        APIGatewayV2HTTPResponse created = api.send(api.event("POST", "/admin/sales", Api.admin(), "{\"saleId\":\"" + saleId
                + "\",\"sku\":\"M3\",\"title\":\"Poco M3\",\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":3,"
                + "\"opensAt\":\"" + now.minusSeconds(2) + "\",\"closesAt\":\"" + now.plus(Duration.ofHours(1)) + "\""
                + (admission == null ? "" : ",\"admission\":" + admission) + "}", Map.of()));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return saleId;
    }

    private static APIGatewayV2HTTPResponse standing(String saleId, String shopper, String ticket) {
        return api.send("queue-standing.json", Map.of("SALE_ID", saleId, "SHOPPER_TOKEN", Api.shopper(shopper), "QUEUE_TICKET", ticket));
    }

    private static APIGatewayV2HTTPResponse reserve(String saleId, String shopper, String key, String admissionToken) {
        Map<String, String> headers = admissionToken == null ? Map.of("idempotency-key", key)
                : Map.of("idempotency-key", key, "admission-token", admissionToken);
        return api.send(api.event("POST", "/sales/" + saleId + "/reservations", Api.shopper(shopper), "{\"quantity\":1}", headers));
    }

    @Test
    void theShoppersJourneyJoinWaitGetTheTokenReserve() throws InterruptedException {
        String saleId = createSale("{\"mode\":\"queue\",\"ratePerSecond\":\"20\",\"preQueueSeconds\":0,\"admissionSeconds\":60}");
        Map<String, Object> sale = api.body(api.send("get-sale.json", Map.of("SALE_ID", saleId)));
        assertThat(sale.get("admission")).isEqualTo(Map.of("mode", "queue", "ratePerSecond", 20, "preQueueSeconds", 0,
                "admissionSeconds", 60, "queue", "/sales/" + saleId + "/queue"));

        APIGatewayV2HTTPResponse refused = reserve(saleId, "ana", "key-ana-0001", null);
        api.assertProblem(refused, 403, "admission-required");
        assertThat(refused.getHeaders()).containsEntry("Link", "</sales/" + saleId + "/queue>; rel=\"queue\"");

        APIGatewayV2HTTPResponse joined = api.send("join-queue.json", Map.of("SALE_ID", saleId, "SHOPPER_TOKEN", Api.shopper("ana")));
        assertEquals(201, joined.getStatusCode(), joined.getBody());
        assertThat(joined.getHeaders()).containsEntry("Retry-After", "1");
        String ticket = (String) api.body(joined).get("ticket");
        APIGatewayV2HTTPResponse again = api.send(api.event("POST", "/sales/" + saleId + "/queue", Api.shopper("ana"), null,
                Map.of("queue-ticket", ticket)));
        assertEquals(200, again.getStatusCode(), again.getBody());
        assertThat(api.body(again).get("ticket")).isEqualTo(ticket);

        QueueAdvancer advancer = api.bean(QueueAdvancer.class);
        advancer.tickAll(Instant.now());
        Thread.sleep(1100);
        advancer.tickAll(Instant.now());
        Thread.sleep(600); // the queue function's copy of the sale is at most half a second old

        APIGatewayV2HTTPResponse turn = standing(saleId, "ana", ticket);
        assertEquals(200, turn.getStatusCode(), turn.getBody());
        Map<String, Object> body = api.body(turn);
        assertThat(body.get("status")).isEqualTo("YOUR_TURN");
        assertThat(turn.getHeaders()).containsEntry("Cache-Control", "no-store");
        String token = (String) body.get("admissionToken");
        assertEquals(201, reserve(saleId, "ana", "key-ana-0001", token).getStatusCode());
        api.assertProblem(reserve(saleId, "bob", "key-bob-0001", token), 403, "admission-required");
    }

    @Test
    void retryAfterBringsEachShopperBackAtTheirEstimatedTurnAtMostTenSecondsApart() throws InterruptedException {
        String saleId = createSale("{\"mode\":\"queue\",\"ratePerSecond\":1,\"preQueueSeconds\":0,\"admissionSeconds\":60}");
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            tickets.add((String) api.body(api.send("join-queue.json", Map.of("SALE_ID", saleId, "SHOPPER_TOKEN", Api.shopper("s-" + i)))).get("ticket"));
        }
        QueueAdvancer advancer = api.bean(QueueAdvancer.class);
        advancer.tickAll(Instant.now());
        Thread.sleep(600); // the queue function's copy of the sale is at most half a second old

        List<Long> retryAfters = new ArrayList<>();
        for (int i = 0; i < tickets.size(); i++) {
            APIGatewayV2HTTPResponse waiting = standing(saleId, "s-" + i, tickets.get(i));
            Map<String, Object> body = api.body(waiting);
            assertThat(body.get("status")).as(waiting.getBody()).isEqualTo("WAITING");
            long wait = ((Number) body.get("waitSeconds")).longValue();
            long expected = wait <= 3 ? 1 : Math.min(10, wait);
            assertThat(waiting.getHeaders()).as("shopper %d, %d s from the turn", i, wait).containsEntry("Retry-After", Long.toString(expected));
            assertThat(((Number) body.get("retryAfterSeconds")).longValue()).isEqualTo(expected);
            retryAfters.add(expected);
        }
        assertThat(retryAfters).as("later in the line, later back (never more than 10 s)").isSorted().last().isEqualTo(10L);
    }

    @Test
    void badTicketsAndBadAdmissionBlocksAreRefusedAndWriteNothing() {
        String saleId = createSale("{\"mode\":\"queue\",\"ratePerSecond\":5}");
        String ticket = (String) api.body(api.send("join-queue.json", Map.of("SALE_ID", saleId, "SHOPPER_TOKEN", Api.shopper("ana")))).get("ticket");
        TableAudit.Snapshot before = api.audit.snapshot(saleId);

        api.assertProblem(standing(saleId, "bob", ticket), 403, "invalid-ticket");
        api.assertProblem(standing(saleId, "ana", "x".repeat(2000)), 403, "invalid-ticket");
        api.assertProblem(standing(saleId, "ana", "not-a-ticket"), 403, "invalid-ticket");
        api.assertProblem(api.send(api.event("GET", "/sales/" + saleId + "/queue", Api.shopper("ana"), null, Map.of())), 403, "invalid-ticket");
        api.assertProblem(api.send(api.event("POST", "/sales/" + saleId + "/queue", Api.shopper("bob"), null,
                Map.of("queue-ticket", ticket))), 403, "invalid-ticket");
        api.assertProblem(api.send(api.event("POST", "/sales/" + saleId + "/queue", null, null, Map.of())), 401, "unauthorized");
        api.assertProblem(api.send("join-queue.json", Map.of("SALE_ID", "no-such-sale", "SHOPPER_TOKEN", Api.shopper("ana"))), 404, "not-found");
        api.assertProblem(api.send("join-queue.json", Map.of("SALE_ID", createSale(null), "SHOPPER_TOKEN", Api.shopper("ana"))), 404, "not-found");
        api.assertProblem(reserve(saleId, "ana", "key-ana-0002", ticket), 403, "admission-required");
        assertThat(api.audit.snapshot(saleId)).isEqualTo(before);

        for (String admission : new String[]{"{\"mode\":\"lottery\",\"ratePerSecond\":5}", "{\"mode\":\"queue\"}",
                "{\"mode\":\"queue\",\"ratePerSecond\":0}", "{\"mode\":\"queue\",\"ratePerSecond\":10001}",
                "{\"mode\":\"queue\",\"ratePerSecond\":2.5}", "{\"mode\":\"queue\",\"ratePerSecond\":1e400}",
                "{\"mode\":\"queue\",\"ratePerSecond\":5,\"preQueueSeconds\":-1}",
                "{\"mode\":\"queue\",\"ratePerSecond\":5,\"preQueueSeconds\":86401}",
                "{\"mode\":\"queue\",\"ratePerSecond\":5,\"admissionSeconds\":29}", "\"queue\"", "[1]"}) {
            String id = "bad-" + UUID.randomUUID().toString().substring(0, 8);
            APIGatewayV2HTTPResponse response = api.send(api.event("POST", "/admin/sales", Api.admin(), "{\"saleId\":\"" + id
                    + "\",\"sku\":\"M3\",\"title\":\"Poco M3\",\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":3,"
                    + "\"opensAt\":\"2026-12-01T10:00:00Z\",\"closesAt\":\"2026-12-31T10:00:00Z\",\"admission\":" + admission + "}", Map.of()));
            api.assertProblem(response, 400, "invalid-request");
            api.assertProblem(api.send("get-sale.json", Map.of("SALE_ID", id)), 404, "not-found");
        }
    }
}
