package io.flashcheckout.local.rehearse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The store-closing story on the embedded stack: every check passes, and each prints its line. */
class StoreClosingStoryTest {

    @Test
    void everyCheckOfTheStoryPasses() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = new StoreClosingStory().run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(out).as(out).doesNotContain("FAIL").contains("PASS after the retention the order names nobody");
        assertThat(out.lines().filter(l -> l.startsWith("PASS ")).count()).isEqualTo(11);
        assertThat(code).isZero();
    }
}
