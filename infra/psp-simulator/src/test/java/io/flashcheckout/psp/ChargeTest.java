package io.flashcheckout.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ChargeTest extends SimulatorTestBase {

    @Override
    protected SimulatorConfig config() {
        return SimulatorConfig.defaults().withTimeoutDelay(Duration.ofMillis(300));
    }

    @Test
    void approvesAndRecordsACharge() {
        SimulatorClient.Answer answer = client.charge("k1", "10.00", "EUR", "tok_approve", "order-1");

        assertEquals(201, answer.status());
        assertEquals("succeeded", answer.text("status"));
        assertEquals("10.00", answer.text("amount"));
        assertEquals("EUR", answer.text("currency"));
        assertEquals("order-1", answer.text("reference"));
        assertEquals("k1", answer.text("idempotencyKey"));
        assertTrue(answer.text("chargeId").startsWith("ch_"));
        assertNotNull(answer.text("createdAt"));
        assertNull(answer.text("declineReason"));
        assertEquals(answer.text("chargeId"), simulator.ledger().chargeForKey("k1").orElseThrow().chargeId());
    }

    @Test
    void sameKeyAndBodyReplaysTheStoredAnswerWithoutASecondCharge() {
        SimulatorClient.Answer first = client.charge("k1", "10.00", "EUR", "tok_approve", "order-1");
        SimulatorClient.Answer again = client.charge("k1", "10.0", "EUR", "tok_approve", "order-1");

        assertEquals(201, again.status());
        assertEquals(first.body(), again.body());
        assertEquals(1, simulator.ledger().chargeCountForKey("k1"));
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        client.charge("k1", "10.00", "EUR", "tok_approve", "order-1");

        SimulatorClient.Answer answer = client.charge("k1", "11.00", "EUR", "tok_approve", "order-1");

        assertEquals(422, answer.status());
        assertEquals("idempotency_conflict", answer.text("error"));
        assertEquals(1, simulator.ledger().charges().size());
    }

    @Test
    void concurrentRequestsWithOneKeyRecordOneCharge() throws Exception {
        List<Future<SimulatorClient.Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> client.charge("k1", "10.00", "EUR", "tok_approve", "order-1")));
            }
        }
        for (Future<SimulatorClient.Answer> answer : answers) {
            assertEquals(201, answer.get().status());
        }
        assertEquals(1, simulator.ledger().charges().size());
    }

    @Test
    void declinesAreRecordedAndReplayed() {
        SimulatorClient.Answer declined = client.charge("k1", "10.00", "EUR", "tok_decline", "order-1");
        SimulatorClient.Answer poor = client.charge("k2", "10.00", "EUR", "tok_decline_insufficient_funds", "order-2");
        SimulatorClient.Answer again = client.charge("k1", "10.00", "EUR", "tok_decline", "order-1");

        assertEquals(402, declined.status());
        assertEquals("declined", declined.text("status"));
        assertEquals("card_declined", declined.text("declineReason"));
        assertEquals("insufficient_funds", poor.text("declineReason"));
        assertEquals(402, again.status());
        assertEquals(declined.body(), again.body());
        assertEquals(ChargeRecord.Status.DECLINED, simulator.ledger().chargeForKey("k1").orElseThrow().status());
        assertEquals(2, simulator.ledger().charges().size());
    }

    @Test
    void moreDeclineReasonsAndAProvidersFreeText() {
        assertEquals("expired_card", client.charge("k1", "10.00", "EUR", "tok_decline_expired_card", "o").text("declineReason"));
        assertEquals("do_not_honor", client.charge("k2", "10.00", "EUR", "tok_decline_do_not_honor", "o").text("declineReason"));
        assertEquals("stolen_card", client.charge("k3", "10.00", "EUR", "tok_decline_stolen_card", "o").text("declineReason"));
        SimulatorClient.Answer free = client.charge("k4", "10.00", "EUR", "tok_decline_with:Card%20blocked%3A%20call%20us", "o");

        assertEquals(402, free.status());
        assertEquals("Card blocked: call us", free.text("declineReason"));
    }

    @Test
    void unknownTokensAreDeclinedAsInvalid() {
        SimulatorClient.Answer answer = client.charge("k1", "10.00", "EUR", "tok_who_knows", "order-1");

        assertEquals(402, answer.status());
        assertEquals("invalid_token", answer.text("declineReason"));
    }

    @Test
    void timeoutTokenChargesThenHoldsTheAnswerBack() {
        long started = System.nanoTime();
        SimulatorClient.Answer answer = client.charge("k1", "10.00", "EUR", "tok_timeout", "order-1");

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 300);
        assertEquals(201, answer.status());
        assertTrue(simulator.ledger().chargeForKey("k1").orElseThrow().succeeded());
    }

    @Test
    void errorAfterChargeAnswers500ButMoneyMovedAndARetryFindsIt() {
        SimulatorClient.Answer answer = client.charge("k1", "10.00", "EUR", "tok_error_after_charge", "order-1");
        SimulatorClient.Answer retry = client.charge("k1", "10.00", "EUR", "tok_error_after_charge", "order-1");

        assertEquals(500, answer.status());
        assertEquals("internal_error", answer.text("error"));
        assertEquals(201, retry.status());
        assertEquals(1, simulator.ledger().chargeCountForKey("k1"));
    }

    @Test
    void unavailableTokenRecordsNothing() {
        SimulatorClient.Answer answer = client.charge("k1", "10.00", "EUR", "tok_unavailable", "order-1");

        assertEquals(503, answer.status());
        assertEquals("service_unavailable", answer.text("error"));
        assertEquals(0, simulator.ledger().charges().size());
    }

    @Test
    void looksChargesUpByIdempotencyKey() {
        SimulatorClient.Answer charged = client.charge("order 1/attempt 1", "10.00", "EUR", "tok_approve", "order-1");

        SimulatorClient.Answer found = client.get("/v1/charges?idempotencyKey=order+1%2Fattempt+1");
        SimulatorClient.Answer missing = client.get("/v1/charges?idempotencyKey=nope");

        assertEquals(200, found.status());
        assertEquals(charged.body(), found.body());
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.text("error"));
        assertEquals(400, client.get("/v1/charges").status());
    }

    @Test
    void rejectsMalformedRequests() {
        assertBadRequest(client.post("/v1/charges", "k1", "{not json"));
        assertBadRequest(client.post("/v1/charges", "k1", "[]"));
        assertBadRequest(client.post("/v1/charges", null, chargeBody("10.00", "EUR")));
        assertBadRequest(client.post("/v1/charges", "k".repeat(201), chargeBody("10.00", "EUR")));
        assertBadRequest(client.post("/v1/charges", "k1", "{\"amount\":10.00,\"currency\":\"EUR\",\"paymentToken\":\"tok_approve\"}"));
        assertBadRequest(client.post("/v1/charges", "k1", chargeBody("-1.00", "EUR")));
        assertBadRequest(client.post("/v1/charges", "k1", chargeBody("0.00", "EUR")));
        assertBadRequest(client.post("/v1/charges", "k1", chargeBody("1.001", "EUR")));
        assertBadRequest(client.post("/v1/charges", "k1", chargeBody("1e3", "EUR")));
        assertBadRequest(client.post("/v1/charges", "k1", chargeBody("10.00", "eur")));
        assertBadRequest(client.post("/v1/charges", "k1", chargeBody("10.00", "XYZ")));
        assertBadRequest(client.post("/v1/charges", "k1", chargeBody("10.50", "JPY")));
        assertEquals(201, client.post("/v1/charges", "k".repeat(200), chargeBody("1050", "JPY")).status());
        assertEquals(1, simulator.ledger().charges().size());
    }

    @Test
    void unknownRoutesAndMethods() {
        assertEquals(404, client.get("/v1/nothing").status());
        assertEquals(405, client.post("/v1/ledger", "k1", "{}").status());
        assertEquals(405, client.get("/v1/refunds").status());
    }

    private static String chargeBody(String amount, String currency) {
        return "{\"amount\":\"" + amount + "\",\"currency\":\"" + currency + "\",\"paymentToken\":\"tok_approve\",\"reference\":\"o\"}";
    }

    private static void assertBadRequest(SimulatorClient.Answer answer) {
        assertEquals(400, answer.status(), answer.body()::toString);
        assertEquals("invalid_request", answer.text("error"));
    }
}
