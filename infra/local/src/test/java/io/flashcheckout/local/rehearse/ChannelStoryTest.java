package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Poco M3 story at a small size on the embedded stack: every line passes. */
class ChannelStoryTest {

    @Test
    void threeChannelsSellOutTheScalpersAreFoundRefundedAndTheSecondWaveSellsWhatCameBack() throws Exception {
        StringWriter text = new StringWriter();
        int exit = ChannelStory.run(new ChannelStory.Options(ChannelStory.Options.parseChannels("lazada:24,akulaku:12,mi:24"),
                80, 0.15, 3, 1, 7), new PrintWriter(text, true));

        System.out.print(text);
        assertThat(text.toString()).contains("PASS wave 1: every channel sold out", "PASS review: precision",
                "PASS refunds:", "PASS wave 2:", "PASS invariant 1", "PASS invariant 6").doesNotContain("FAIL");
        assertThat(exit).isZero();
    }

    @Test
    void badChannelListsAreRefused() {
        for (String bad : List.of("lazada", "lazada:x", "lazada:0", "", "a:1,b")) {
            assertThatThrownBy(() -> ChannelStory.Options.parseChannels(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
