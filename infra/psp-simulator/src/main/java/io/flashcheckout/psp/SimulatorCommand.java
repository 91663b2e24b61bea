package io.flashcheckout.psp;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs a {@link PspSimulator} until Ctrl-C. */
@Command(name = "psp-simulator", mixinStandardHelpOptions = true, version = "psp-simulator 0.1.0",
        description = "Serves the simulated payment provider API until interrupted (Ctrl-C).")
public final class SimulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = SimulatorConfig.DEFAULT_HOST,
            description = "Address to bind (0.0.0.0 to be reachable from containers). Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "8089", description = "Port to bind; 0 picks a free one. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--api-key", defaultValue = SimulatorConfig.DEFAULT_API_KEY,
            description = "The accepted Bearer key. Default: ${DEFAULT-VALUE}")
    String apiKey;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Fixed latency per request. Default: ${DEFAULT-VALUE}")
    long latencyMs;

    @Option(names = "--jitter-ms", defaultValue = "0", description = "Up to this much random extra latency. Default: ${DEFAULT-VALUE}")
    long jitterMs;

    @Option(names = "--timeout-delay-ms", defaultValue = "30000",
            description = "How long tok_timeout charges hold their answer. Default: ${DEFAULT-VALUE}")
    long timeoutDelayMs;

    @Option(names = "--fault-rate", defaultValue = "0",
            description = "Probability of both fault kinds, unless set one by one below. Default: ${DEFAULT-VALUE}")
    double faultRate;

    @Option(names = "--pre-charge-fault-rate", description = "Probability of a 503 before anything is recorded.")
    Double preChargeFaultRate;

    @Option(names = "--post-charge-fault-rate", description = "Probability of a 500 after a charge or refund was recorded.")
    Double postChargeFaultRate;

    @Option(names = "--seed", defaultValue = "" + SimulatorConfig.DEFAULT_SEED,
            description = "Seed for jitter and faults. Default: ${DEFAULT-VALUE}")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCommand()).execute(args));
    }

    /** @throws IllegalArgumentException for values out of range */
    SimulatorConfig toConfig() {
        return new SimulatorConfig(host, port, apiKey, Duration.ofMillis(latencyMs), Duration.ofMillis(jitterMs),
                Duration.ofMillis(timeoutDelayMs),
                preChargeFaultRate != null ? preChargeFaultRate : faultRate,
                postChargeFaultRate != null ? postChargeFaultRate : faultRate,
                seed);
    }

    @Override
    public Integer call() throws InterruptedException {
        SimulatorConfig config;
        try {
            config = toConfig();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PspSimulator simulator = PspSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("PSP simulator stopped");
            stopped.countDown();
        }, "psp-simulator-shutdown"));
        System.out.println("PSP simulator listening on " + simulator.baseUri() + " (Ctrl-C to stop)");
        stopped.await();
        return 0;
    }
}
