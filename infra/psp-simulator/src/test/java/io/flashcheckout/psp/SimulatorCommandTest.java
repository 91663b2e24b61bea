package io.flashcheckout.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatorCommandTest {

    @Test
    void defaults() {
        SimulatorConfig config = parse();

        assertEquals(SimulatorConfig.defaults().withPort(8089), config);
    }

    @Test
    void parsesEveryOption() {
        SimulatorConfig config = parse("--host", "0.0.0.0", "--port", "9000", "--api-key", "sk_x", "--latency-ms", "20",
                "--jitter-ms", "5", "--timeout-delay-ms", "1500", "--fault-rate", "0.1", "--post-charge-fault-rate", "0.3",
                "--seed", "7");

        assertEquals(new SimulatorConfig("0.0.0.0", 9000, "sk_x", Duration.ofMillis(20), Duration.ofMillis(5),
                Duration.ofMillis(1500), 0.1, 0.3, 7), config);
    }

    private static SimulatorConfig parse(String... args) {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs(args);
        return command.toConfig();
    }
}
