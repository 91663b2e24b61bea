package io.flashcheckout.psp;

import java.util.Random;

/** Latency and random faults, drawn from one seeded random source. */
final class FaultInjector {

    private final SimulatorConfig config;
    private final Random random;

    FaultInjector(SimulatorConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    /** Sleeps the fixed latency plus up to the jitter. */
    void applyLatency() throws InterruptedException {
        long jitterMillis = config.latencyJitter().toMillis();
        long millis = config.latency().toMillis() + (jitterMillis > 0 ? random.nextLong(jitterMillis + 1) : 0);
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    boolean failBeforeCharge() {
        return roll(config.preChargeFaultRate());
    }

    boolean failAfterCharge() {
        return roll(config.postChargeFaultRate());
    }

    private boolean roll(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
