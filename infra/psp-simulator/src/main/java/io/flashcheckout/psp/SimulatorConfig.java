package io.flashcheckout.psp;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PspSimulator} listens and misbehaves.
 *
 * @param host                the address to bind ({@code 127.0.0.1}; {@code 0.0.0.0} to be reachable from containers)
 * @param port                the port to bind; 0 picks a free one
 * @param apiKey              the only accepted {@code Authorization: Bearer} credential
 * @param latency             fixed delay added to every request
 * @param latencyJitter       up to this much more delay, uniformly random, per request
 * @param timeoutDelay        how long a {@code tok_timeout} charge waits before answering
 * @param preChargeFaultRate  probability that a charge or refund is answered 503 before anything is recorded
 * @param postChargeFaultRate probability that a newly recorded charge or refund is answered 500
 * @param seed                seed of the random source behind jitter and faults
 */
public record SimulatorConfig(
        String host,
        int port,
        String apiKey,
        Duration latency,
        Duration latencyJitter,
        Duration timeoutDelay,
        double preChargeFaultRate,
        double postChargeFaultRate,
        long seed) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_API_KEY = "sk_test_simulator";
    public static final Duration DEFAULT_TIMEOUT_DELAY = Duration.ofSeconds(30);
    public static final long DEFAULT_SEED = 42;

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        requireNotNegative(latency, "latency");
        requireNotNegative(latencyJitter, "latencyJitter");
        requireNotNegative(timeoutDelay, "timeoutDelay");
        requireProbability(preChargeFaultRate, "preChargeFaultRate");
        requireProbability(postChargeFaultRate, "postChargeFaultRate");
    }

    /** Loopback, a free port, {@value #DEFAULT_API_KEY}, no latency, no random faults, 30 s timeout delay. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, 0, DEFAULT_API_KEY, Duration.ZERO, Duration.ZERO,
                DEFAULT_TIMEOUT_DELAY, 0, 0, DEFAULT_SEED);
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(host, port, apiKey, latency, latencyJitter, timeoutDelay, preChargeFaultRate, postChargeFaultRate, seed);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(host, port, apiKey, latency, latencyJitter, timeoutDelay, preChargeFaultRate, postChargeFaultRate, seed);
    }

    public SimulatorConfig withApiKey(String apiKey) {
        return new SimulatorConfig(host, port, apiKey, latency, latencyJitter, timeoutDelay, preChargeFaultRate, postChargeFaultRate, seed);
    }

    public SimulatorConfig withLatency(Duration latency, Duration latencyJitter) {
        return new SimulatorConfig(host, port, apiKey, latency, latencyJitter, timeoutDelay, preChargeFaultRate, postChargeFaultRate, seed);
    }

    public SimulatorConfig withTimeoutDelay(Duration timeoutDelay) {
        return new SimulatorConfig(host, port, apiKey, latency, latencyJitter, timeoutDelay, preChargeFaultRate, postChargeFaultRate, seed);
    }

    public SimulatorConfig withFaultRates(double preChargeFaultRate, double postChargeFaultRate) {
        return new SimulatorConfig(host, port, apiKey, latency, latencyJitter, timeoutDelay, preChargeFaultRate, postChargeFaultRate, seed);
    }

    public SimulatorConfig withSeed(long seed) {
        return new SimulatorConfig(host, port, apiKey, latency, latencyJitter, timeoutDelay, preChargeFaultRate, postChargeFaultRate, seed);
    }

    private static void requireNotNegative(Duration duration, String name) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or more");
        }
    }

    private static void requireProbability(double rate, String name) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }
}
