package io.flashcheckout.psp;

import java.util.Random;

/** Latency and random faults, drawn from one seeded random source. */
final class FaultInjector {

    private final SimulatorConfig config;
    private final Random random;
    /** While the provider is down: the share of calls it still serves (charges and refunds then lose their answer); -1 when up. */
    private volatile double outageServedShare = -1;

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
        return outageServedShare < 0 && roll(config.preChargeFaultRate());
    }

    boolean failAfterCharge() {
        return outageServedShare >= 0 || roll(config.postChargeFaultRate());
    }

    /** The provider goes down (a share from 0 to 1 of calls still served, flapping) or, with -1, comes back. */
    void outage(double servedShare) {
        if (servedShare != -1) {
            requireShare(servedShare);
        }
        outageServedShare = servedShare;
    }

    /** Whether this call meets the outage: answered 503, nothing recorded. */
    boolean unavailableNow() {
        double served = outageServedShare;
        return served >= 0 && !roll(served);
    }

    private static void requireShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("the share of calls served is between 0 and 1");
        }
    }

    private boolean roll(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
