package io.flashcheckout.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    @Test
    void preChargeFaultsAnswer503AndRecordNothing() {
        try (PspSimulator simulator = PspSimulator.start(SimulatorConfig.defaults().withFaultRates(1, 0));
                SimulatorClient client = new SimulatorClient(simulator)) {
            assertEquals(503, client.charge("k1", "10.00", "EUR", "tok_approve", "order-1").status());
            assertEquals(503, client.refund("r1", "ch_x", "10.00", "EUR").status());
            assertEquals(0, simulator.ledger().charges().size());
        }
    }

    @Test
    void postChargeFaultsRecordTheChargeThenAnswer500AndRetriesReplayIt() {
        try (PspSimulator simulator = PspSimulator.start(SimulatorConfig.defaults().withFaultRates(0, 1));
                SimulatorClient client = new SimulatorClient(simulator)) {
            SimulatorClient.Answer answer = client.charge("k1", "10.00", "EUR", "tok_approve", "order-1");
            SimulatorClient.Answer retry = client.charge("k1", "10.00", "EUR", "tok_approve", "order-1");

            assertEquals(500, answer.status());
            assertEquals(201, retry.status());
            String chargeId = retry.text("chargeId");
            assertEquals(500, client.refund("r1", chargeId, "10.00", "EUR").status());
            assertEquals(201, client.refund("r1", chargeId, "10.00", "EUR").status());
            assertEquals(1, simulator.ledger().charges().size());
            assertEquals(1, simulator.ledger().refunds().size());
        }
    }

    @Test
    void anOutageAnswers503RecordingNothingButTheLedgerThenEnds() {
        try (PspSimulator simulator = PspSimulator.start(SimulatorConfig.defaults());
                SimulatorClient client = new SimulatorClient(simulator)) {
            simulator.outage(0);
            assertEquals(503, client.charge("k1", "10.00", "EUR", "tok_approve", "order-1").status());
            assertEquals(503, client.get("/v1/charges?idempotencyKey=k1").status());
            assertEquals(200, client.get("/v1/ledger").status());
            assertEquals(0, simulator.ledger().charges().size());

            simulator.endOutage();
            assertEquals(201, client.charge("k1", "10.00", "EUR", "tok_approve", "order-1").status());
        }
    }

    @Test
    void aChargeThatGetsThroughAnOutageIsRecordedAndItsAnswerLost() {
        try (PspSimulator simulator = PspSimulator.start(SimulatorConfig.defaults());
                SimulatorClient client = new SimulatorClient(simulator)) {
            simulator.outage(1);
            assertEquals(500, client.charge("k1", "10.00", "EUR", "tok_approve", "order-1").status());
            assertEquals(1, simulator.ledger().charges().size());
            simulator.endOutage();
            assertEquals(201, client.charge("k1", "10.00", "EUR", "tok_approve", "order-1").status());
            assertEquals(1, simulator.ledger().charges().size());
        }
    }

    @Test
    void latencyAppliesToEveryRequest() {
        SimulatorConfig config = SimulatorConfig.defaults().withLatency(Duration.ofMillis(100), Duration.ofMillis(20));
        try (PspSimulator simulator = PspSimulator.start(config);
                SimulatorClient client = new SimulatorClient(simulator)) {
            long started = System.nanoTime();
            client.get("/v1/ledger");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 100);
        }
    }
}
