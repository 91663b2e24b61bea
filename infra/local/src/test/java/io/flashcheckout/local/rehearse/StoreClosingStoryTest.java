package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rehearse --scenario store-closing} on the embedded stack: every check passes, and each prints its line. */
class StoreClosingStoryTest {

    @Test
    void everyCheckOfTheStoryPasses() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--scenario", "store-closing", "--scenario-size", "ci");
        String printed = out.toString();
        System.out.println(printed);
        assertThat(printed).as(printed + err).doesNotContain("FAIL").contains("PASS after the retention the order names nobody",
                "Scenario store-closing: PASS");
        assertThat(printed.lines().filter(l -> l.startsWith("PASS ")).count()).isEqualTo(11);
        assertThat(code).isZero();
    }
}
