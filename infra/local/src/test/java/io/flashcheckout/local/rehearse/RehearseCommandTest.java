package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small rehearsal on the embedded stack, end to end: the crowd reserves, replays keys, pays, is declined, pays and
 * cancels (a refund through the stream relay and the refunds worker) and cancels; nobody walks away or times out,
 * so it settles in seconds. Every invariant passes and the report says so.
 */
class RehearseCommandTest {

    @Test
    void aSmallSaleSellsOutSettlesAndPassesEveryInvariant(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--shoppers", "300", "--stock", "40", "--window", "3", "--half-life", "0.5",
                "--pay-share", "0.5", "--decline-share", "0.2", "--timeout-share", "0", "--refund-share", "0.15",
                "--cancel-share", "0.15", "--retry-share", "0.3", "--greedy-share", "0.2", "--settle-seconds", "90",
                "--report", html.toString());

        String report = out.toString();
        assertThat(exit).as(report + err).isZero();
        assertThat(report).contains("time to sell out", "per 10 s since the opening: ", "POST /sales/{id}/reservations", "409 sold-out",
                "402 payment-declined", "All six invariants hold.");
        assertThat(report.lines().filter(l -> l.matches("\\s+\\d \\S.*\\s+pass\\s+.*"))).hasSize(6);
        String page = Files.readString(html);
        assertThat(page).contains("all invariants hold", "data:image/png;base64,").doesNotContain("FAIL");
    }

    /**
     * The same with a waiting room: everyone joins (a third in the pre-queue), polls with the Retry-After given and
     * reserves with the admission token; scalpers pay from few cards. The figures are printed beside their targets
     * and the invariants still hold.
     */
    @Test
    void aSaleWithAWaitingRoomAdmitsTheCrowdAndReportsTheRoomsFigures(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--admission", "queue", "--admission-rate", "40", "--pre-queue-seconds", "30",
                "--pre-queue-share", "0.3", "--scalper-share", "0.2", "--scalper-accounts", "5", "--scalper-cards", "1",
                "--shoppers", "200", "--stock", "30", "--limit", "1", "--window", "3", "--half-life", "0.5",
                "--pay-share", "0.7", "--decline-share", "0", "--timeout-share", "0", "--refund-share", "0",
                "--cancel-share", "0.3", "--retry-share", "0.1", "--greedy-share", "0", "--settle-seconds", "90",
                "--report", dir.resolve("report.html").toString());

        String report = out.toString();
        assertThat(exit).as(report + err).isZero();
        assertThat(report).contains("Waiting room", "time in queue", "fairness", "scalpers:", "POST /sales/{id}/queue",
                "GET /sales/{id}/queue", "All six invariants hold.");
        assertThat(report).as(report).containsPattern("admitted [1-9]")
                .containsPattern("order of reservation success: FIFO arrivals (-?\\d\\.\\d{3}|-) over \\d+")
                .containsPattern("units to the best-ranked: FIFO arrivals .*; everyone [\\d,]+ of [\\d,]+ units to the [\\d,]+ best-ranked");
        // the shoppers came back when Retry-After said: about one poll per 10 s of wait and a few near the turn
        java.util.regex.Matcher polls = java.util.regex.Pattern.compile("status polls [\\d,]+ \\(([\\d.]+) per shopper\\)").matcher(report);
        assertThat(polls.find()).as(report).isTrue();
        assertThat(Double.parseDouble(polls.group(1))).as(report).isBetween(1.0, 8.0);
    }
}
