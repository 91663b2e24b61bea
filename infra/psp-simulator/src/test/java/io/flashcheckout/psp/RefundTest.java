package io.flashcheckout.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RefundTest extends SimulatorTestBase {

    @Test
    void refundsASucceededCharge() {
        String chargeId = charge("k1", "tok_approve");

        SimulatorClient.Answer answer = client.refund("r1", chargeId, "10.00", "EUR");

        assertEquals(201, answer.status());
        assertTrue(answer.text("refundId").startsWith("re_"));
        assertEquals(chargeId, answer.text("chargeId"));
        assertEquals("10.00", answer.text("amount"));
        assertEquals("EUR", answer.text("currency"));
        assertEquals("succeeded", answer.text("status"));
        assertEquals(new BigDecimal("10.00"), simulator.ledger().refundedAmount(chargeId));
    }

    @Test
    void sameKeyReplaysTheRefundAndAnotherBodyConflicts() {
        String chargeId = charge("k1", "tok_approve");
        SimulatorClient.Answer first = client.refund("r1", chargeId, "4.00", "EUR");

        SimulatorClient.Answer again = client.refund("r1", chargeId, "4.00", "EUR");
        SimulatorClient.Answer conflict = client.refund("r1", chargeId, "5.00", "EUR");

        assertEquals(201, again.status());
        assertEquals(first.body(), again.body());
        assertEquals(422, conflict.status());
        assertEquals("idempotency_conflict", conflict.text("error"));
        assertEquals(1, simulator.ledger().refunds().size());
    }

    @Test
    void partialRefundsMayNotExceedTheCharge() {
        String chargeId = charge("k1", "tok_approve");

        assertEquals(201, client.refund("r1", chargeId, "6.00", "EUR").status());
        assertRejected(client.refund("r2", chargeId, "4.01", "EUR"));
        assertEquals(201, client.refund("r3", chargeId, "4.00", "EUR").status());
        assertRejected(client.refund("r4", chargeId, "0.01", "EUR"));
        assertEquals(new BigDecimal("10.00"), simulator.ledger().refundedAmount(chargeId));
    }

    @Test
    void rejectsRefundsOfDeclinedOrUnknownChargesAndOtherCurrencies() {
        String declined = charge("k1", "tok_decline");
        String approved = charge("k2", "tok_approve");

        assertRejected(client.refund("r1", declined, "10.00", "EUR"));
        assertRejected(client.refund("r2", "ch_unknown", "10.00", "EUR"));
        assertRejected(client.refund("r3", approved, "10.00", "USD"));
        assertEquals(0, simulator.ledger().refunds().size());
    }

    @Test
    void requiresAnIdempotencyKeyAndAValidBody() {
        String chargeId = charge("k1", "tok_approve");

        assertEquals(400, client.post("/v1/refunds", null, "{\"chargeId\":\"" + chargeId + "\",\"amount\":\"1.00\",\"currency\":\"EUR\"}").status());
        assertEquals(400, client.post("/v1/refunds", "r1", "{\"amount\":\"1.00\",\"currency\":\"EUR\"}").status());
        assertEquals(400, client.refund("r1", chargeId, "abc", "EUR").status());
    }

    private String charge(String key, String token) {
        return client.charge(key, "10.00", "EUR", token, "order-" + key).text("chargeId");
    }

    private static void assertRejected(SimulatorClient.Answer answer) {
        assertEquals(422, answer.status(), answer.body()::toString);
        assertEquals("refund_rejected", answer.text("error"));
    }
}
