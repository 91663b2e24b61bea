package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Poco M3 story ({@code rehearse --scenario poco-m3 --scenario-size ci}) on the embedded stack: every line passes. */
class ChannelStoryTest {

    @Test
    void threeChannelsSellOutTheScalpersAreFoundRefundedAndTheSecondWaveSellsWhatCameBack() throws Exception {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        int exit = cli.execute("--scenario", "poco-m3", "--scenario-size", "ci");

        System.out.print(text);
        assertThat(text.toString()).contains("PASS wave 1: every channel sold out", "PASS review: precision",
                "PASS refunds:", "PASS wave 2:", "PASS invariant 1", "PASS invariant 6", "Scenario poco-m3: PASS").doesNotContain("FAIL");
        assertThat(exit).isZero();
    }

    @Test
    void badChannelListsAreRefused() {
        for (String bad : List.of("lazada", "lazada:x", "lazada:0", "", "a:1,b")) {
            assertThatThrownBy(() -> ChannelStory.Options.parseChannels(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
