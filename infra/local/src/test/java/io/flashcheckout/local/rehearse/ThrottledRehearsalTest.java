package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttled rehearsal, scaled down: 2 shards capped at 10 write units a second each (k = 100), so the stock sells
 * at about 10 reservations a second while a crowd of 150 and 30 late shoppers press for it; cancels and refunds give
 * units back to the late ones. The caps throttle writes of the API and of the workers alike; every invariant must
 * hold and no message may end in a dead-letter queue. Nobody walks away or times out, so it settles in seconds.
 */
class ThrottledRehearsalTest {

    @Test
    void aThrottledSalePassesEveryInvariantWithNoDeadLetters(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--throttle", "--throttle-scale", "100", "--shards", "2",
                "--shoppers", "150", "--stock", "40", "--window", "3", "--half-life", "0.5",
                "--late-shoppers", "30", "--late-from", "2", "--late-window", "10",
                "--pay-share", "0.5", "--decline-share", "0.2", "--timeout-share", "0", "--refund-share", "0.15",
                "--cancel-share", "0.15", "--retry-share", "0.3", "--greedy-share", "0.2", "--settle-seconds", "90",
                "--report", html.toString());

        String report = out.toString();
        assertThat(exit).as(report + err).isZero();
        assertThat(report).contains("throttled: DynamoDB's 1000 write units/s per partition key, scaled by k = 100: 10.00 units/s",
                "30 late shoppers", "All six invariants hold.");
        assertThat(report.lines().filter(l -> l.matches("\\s+\\d \\S.*\\s+pass\\s+.*"))).hasSize(6);
        // the caps were in the functions' path, and what they refused was retried, not lost
        Matcher throttled = Pattern.compile("throttled writes\\s+([\\d,]+) of ([\\d,]+) writes checked").matcher(report);
        assertThat(throttled.find()).as(report).isTrue();
        assertThat(Long.parseLong(throttled.group(1).replace(",", ""))).as(report).isPositive();
        assertThat(report).containsPattern("dead-letter queues\\s+0 messages \\{hold-expiry-dlq 0, checkout-recovery-dlq 0, "
                + "refunds-dlq 0, refund-issued-dlq 0\\}; from throttling: 0");
        String page = Files.readString(html);
        assertThat(page).contains("all invariants hold", "No message in a dead-letter queue.", "throttled writes")
                .doesNotContain("FAIL");
    }
}
