package io.flashcheckout.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuthenticationTest extends SimulatorTestBase {

    @Override
    protected SimulatorConfig config() {
        return SimulatorConfig.defaults().withApiKey("sk_test_right");
    }

    @Test
    void rejectsAMissingAuthorizationHeader() {
        assertUnauthorized(null);
    }

    @Test
    void rejectsAWrongKey() {
        assertUnauthorized("Bearer sk_test_wrong");
        assertUnauthorized("sk_test_right");
        assertUnauthorized("Basic sk_test_right");
    }

    @Test
    void rejectedRequestsRecordNothing() {
        try (SimulatorClient intruder = new SimulatorClient(simulator.baseUri(), "Bearer sk_test_wrong")) {
            assertEquals(401, intruder.charge("k1", "10.00", "EUR", "tok_approve", "order-1").status());
        }
        assertEquals(0, simulator.ledger().charges().size());
    }

    @Test
    void acceptsTheConfiguredKey() {
        assertEquals(200, client.get("/v1/ledger").status());
    }

    @Test
    void aRotatedKeyIsAcceptedAndThePreviousOneNoLonger() {
        simulator.rotateApiKey("sk_test_rotated");
        try (SimulatorClient rotated = new SimulatorClient(simulator.baseUri(), "Bearer sk_test_rotated")) {
            assertEquals(200, rotated.get("/v1/ledger").status());
        }
        assertEquals(401, client.get("/v1/ledger").status());
        simulator.rotateApiKey("sk_test_right");
        assertEquals(200, client.get("/v1/ledger").status());
    }

    private void assertUnauthorized(String authorization) {
        try (SimulatorClient intruder = new SimulatorClient(simulator.baseUri(), authorization)) {
            SimulatorClient.Answer answer = intruder.get("/v1/ledger");
            assertEquals(401, answer.status());
            assertEquals("unauthorized", answer.text("error"));
        }
    }
}
