package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redmi-india} at ci size: 100 units on 32 shards capped at 1,000 / 1,600 write units a second each, the whole
 * service behind the caps. It prints the simulated time to sell out and the reserve percentiles, a PASS line per
 * target beside the six invariants, and exits 0.
 */
class RedmiIndiaScenarioTest {

    @Test
    void theRecordSaleScaledDownSellsOutWithinItsSimulatedSeconds(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--scenario", "redmi-india", "--scenario-size", "ci", "--report", dir.resolve("r.html").toString());

        String report = out.toString();
        assertThat(report).as(report + err).contains("Scenario redmi-india (ci)", "throttled: DynamoDB's 1000 write units/s",
                "32 shards", "All six invariants hold.", "reserve response (from when due) p50",
                "PASS  40,000 units sold out in 4.2 s (simulated)", "PASS  every unit sold, none twice: 100 paid",
                "Scenario redmi-india: PASS");
        assertThat(report).doesNotContain("FAIL  ");
        assertThat(exit).as(report + err).isZero();
    }
}
