package io.flashcheckout.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FingerprintTest extends SimulatorTestBase {

    private SimulatorClient.Answer fingerprint(String token) {
        return client.post("/v1/fingerprints", null, Json.MAPPER.createObjectNode().put("paymentToken", token).toString());
    }

    private String fingerprintOf(String token) {
        SimulatorClient.Answer answer = fingerprint(token);
        assertEquals(200, answer.status(), answer.body().toString());
        return answer.text("fingerprint");
    }

    @Test
    void everyTokenOfANamedCardHasTheCardsFingerprint() {
        String approve = fingerprintOf("tok_approve_alice");

        assertTrue(approve.matches("fp_[0-9a-f]{32}"), approve);
        assertEquals(approve, fingerprintOf("tok_approve_alice"));
        assertEquals(approve, fingerprintOf("tok_decline_insufficient_funds_alice"));
        assertEquals(approve, fingerprintOf("tok_timeout_alice"));
        assertNotEquals(approve, fingerprintOf("tok_approve_bob"));
        assertNotEquals(approve, fingerprintOf("tok_approve_Alice"));
    }

    @Test
    void theFingerprintIsAKeyedHashStableForOneSeedOnly() {
        String here = fingerprintOf("tok_approve_alice");
        try (PspSimulator sameSeed = PspSimulator.start(SimulatorConfig.defaults());
             PspSimulator otherSeed = PspSimulator.start(SimulatorConfig.defaults().withSeed(7));
             SimulatorClient same = new SimulatorClient(sameSeed);
             SimulatorClient other = new SimulatorClient(otherSeed)) {
            String body = Json.MAPPER.createObjectNode().put("paymentToken", "tok_approve_alice").toString();
            assertEquals(here, same.post("/v1/fingerprints", null, body).text("fingerprint"));
            assertNotEquals(here, other.post("/v1/fingerprints", null, body).text("fingerprint"));
        }
    }

    @Test
    void aTokenWithoutACardNameIsACardOfItsOwn() {
        String first = fingerprintOf("tok_approve");

        assertTrue(first.matches("fp_[0-9a-f]{32}"), first);
        assertNotEquals(first, fingerprintOf("tok_approve"));
        assertNotEquals(first, fingerprintOf("tok_decline_with:Call%20your%20bank"));
    }

    @Test
    void aTokenThatIsNoCardIsDeclinedAsInvalid() {
        for (String token : new String[] {"tok_nonsense", "card_4242", "tok_approve_", "tok_approve_al_ice!",
                "tok_approve_" + "x".repeat(65)}) {
            SimulatorClient.Answer answer = fingerprint(token);
            assertEquals(402, answer.status(), token);
            assertEquals("invalid_token", answer.text("error"), token);
        }
    }

    @Test
    void aNamedCardChargesAsTheTokenWithoutTheName() {
        assertEquals(201, client.charge("k1", "10.00", "EUR", "tok_approve_alice", "order-1").status());
        SimulatorClient.Answer declined = client.charge("k2", "10.00", "EUR", "tok_decline_expired_card_alice", "order-2");
        assertEquals(402, declined.status());
        assertEquals("expired_card", declined.text("declineReason"));
        assertEquals("card_declined", client.charge("k3", "10.00", "EUR", "tok_decline_alice", "order-3").text("declineReason"));
        assertEquals("invalid_token", client.charge("k4", "10.00", "EUR", "tok_approve_al_ice", "order-4").text("declineReason"));
    }

    @Test
    void badRequestsAreAnsweredAndRecordNothing() {
        assertEquals(400, client.post("/v1/fingerprints", null, "{}").status());
        assertEquals(400, client.post("/v1/fingerprints", null, "{\"paymentToken\": 42}").status());
        assertEquals(400, client.post("/v1/fingerprints", null, "not json").status());
        assertEquals(400, fingerprint("tok_approve_" + "a".repeat(200)).status());
        assertEquals(405, client.get("/v1/fingerprints").status());
        assertTrue(simulator.ledger().charges().isEmpty());
    }

    @Test
    void aPreChargeFaultMakesTheLookupUnavailable() {
        try (PspSimulator faulty = PspSimulator.start(SimulatorConfig.defaults().withFaultRates(1.0, 0.0));
             SimulatorClient faultyClient = new SimulatorClient(faulty)) {
            SimulatorClient.Answer answer = faultyClient.post("/v1/fingerprints", null,
                    Json.MAPPER.createObjectNode().put("paymentToken", "tok_approve_alice").toString());
            assertEquals(503, answer.status());
            assertEquals("service_unavailable", answer.text("error"));
        }
    }
}
