package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The names {@code --scenario} takes: an unknown one is a usage error, exit code 2. */
class ScenariosTest {

    private record Ran(int exit, String out, String err) {}

    private static Ran rehearse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Ran(exit, out.toString(), err.toString());
    }

    @Test
    void anUnknownScenarioIsAUsageErrorThatListsTheNames() {
        Ran ran = rehearse("--scenario", "black-friday");
        assertThat(ran.exit()).isEqualTo(2);
        assertThat(ran.err()).contains("unknown --scenario 'black-friday'", "lazada-outage", "poco-m3", "redmi-india",
                "store-closing");
        assertThat(ran.out()).doesNotContain("Rehearsing");
    }

    @Test
    void anUnknownSizeIsAUsageError() {
        Ran ran = rehearse("--scenario", "redmi-india", "--scenario-size", "tiny");
        assertThat(ran.exit()).isEqualTo(2);
        assertThat(ran.err()).contains("--scenario-size is full or ci");
    }

    @Test
    void theHelpNamesEveryScenario() {
        Ran ran = rehearse("--help");
        assertThat(ran.out()).contains("--scenario=NAME", "lazada-outage, poco-m3,", "redmi-india", "store-closing",
                "--scenario-size=full|ci");
    }
}
