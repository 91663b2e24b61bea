package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redmi-india} at ci size: 100 units on 32 shards, the whole service behind DynamoDB's write caps scaled by
 * k_c = 1,600 (k = 400). It prints the simulated time to sell out and the reserve percentiles, a verdict line per
 * target beside the six invariants (which must hold), and exits 0 exactly when every target line says PASS. Whether
 * the target is met is the scenario's finding, not the test's: it depends on this machine's speed under the crowd
 * (see the README's "Scenarios" for the figures and what bounds them).
 */
class RedmiIndiaScenarioTest {

    @Test
    void theRecordSaleScaledDownReportsItsSimulatedTimeBesideTheInvariants(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--scenario", "redmi-india", "--scenario-size", "ci", "--report", dir.resolve("r.html").toString());

        String report = out.toString();
        System.out.println(report);
        assertThat(report).as(report + err).contains("Scenario redmi-india (ci)", "throttled: DynamoDB's 1000 write units/s",
                "over 32 shards", "All six invariants hold.", "reserve response (from when due) p50");
        assertThat(report).as(report).containsPattern("(PASS|FAIL)  40,000 units sold out in 4\\.2 s \\(simulated\\): "
                        + "(\\d+\\.\\d\\d s simulated \\(\\d+\\.\\d\\d s measured x 0\\.2500\\)|the shelf never emptied)")
                .containsPattern("(PASS|FAIL)  every unit sold, none twice: \\d+ paid \\(target: 100 paid\\)");
        boolean allPass = !report.contains("FAIL  ");
        assertThat(report).contains(allPass ? "Scenario redmi-india: PASS" : "Scenario redmi-india: FAIL");
        assertThat(exit).as(report + err).isEqualTo(allPass ? 0 : 1);
    }
}
