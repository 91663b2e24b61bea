package io.flashcheckout.psp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a fresh simulator, and a client holding its key, around every test. */
abstract class SimulatorTestBase {

    protected PspSimulator simulator;
    protected SimulatorClient client;

    /** The configuration each test starts with; override to add latency, faults or another key. */
    protected SimulatorConfig config() {
        return SimulatorConfig.defaults();
    }

    @BeforeEach
    void startSimulator() {
        simulator = PspSimulator.start(config());
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stopSimulator() {
        client.close();
        simulator.close();
    }
}
