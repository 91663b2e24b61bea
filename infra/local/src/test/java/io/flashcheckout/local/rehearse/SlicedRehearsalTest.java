package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One crowd rehearsed twice against one embedded stack, same seed: once whole in this JVM, once as two slices in two
 * JVMs (one a JVM of its own, one this JVM through the Lambda handler {@link SliceFunction}), merged by
 * {@code rehearse merge} from a directory and a Lambda answer, which audits once. The stock outlasts the crowd and nobody
 * walks away or times out, so what each shopper gets does not depend on timing: the merged rehearsal must give the
 * same answers per route and label, the same orders by status and the same six passing invariants as the whole one,
 * and its percentiles must be those of the slices' HdrHistogram logs added up (the logs lose nothing beyond the
 * histograms' 3 significant digits).
 */
class SlicedRehearsalTest {
    private static final List<String> CROWD = List.of("--shoppers", "50", "--stock", "1000", "--limit", "2",
            "--curve", "flat", "--window", "3", "--seed", "7", "--pay-share", "0.5", "--decline-share", "0.2",
            "--timeout-share", "0", "--refund-share", "0.15", "--cancel-share", "0.15", "--retry-share", "0.3",
            "--greedy-share", "0.2");

    @Test
    void twoSlicesInTwoJvmsMergeToTheWholeRehearsal(@TempDir Path dir) throws Exception {
        RehearseCommand.quietCheckoutLogs();
        String secret = LocalTokens.generateSecret();
        LocalStack.Settings settings = LocalStack.Settings.defaults(secret).withPorts(0, 0, 0, 0).withDemoSale(false)
                .withAccessLog(null);
        try (LocalStack stack = LocalStack.start(settings)) {
            List<String> deployment = List.of("--api", stack.apiUri().toString(), "--jwt-secret", secret,
                    "--psp-url", stack.pspUri().toString(), "--psp-api-key", stack.pspApiKey(),
                    "--dynamodb-endpoint", stack.dynamoDbEndpoint().toString());

            StringWriter wholeOut = new StringWriter();
            Path whole = dir.resolve("whole");
            int wholeExit = cli(wholeOut).execute(args(CROWD, List.of("--sale-id", "sliced-test-whole", "--out",
                    whole.toString(), "--settle-seconds", "90", "--report", dir.resolve("whole.html").toString()), deployment));
            assertThat(wholeExit).as(wholeOut.toString()).isZero();

            // slice 1 in a JVM of its own; slice 2 in this one, through the Lambda handler, as the fan-out runs it
            Instant opensAt = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
            Process first = sliceJvm(1, opensAt, dir, deployment);
            List<String> options = new ArrayList<>(CROWD);
            options.addAll(List.of("--api", stack.apiUri().toString(), "--sale-id", "sliced-test-sliced", "--opens-at",
                    opensAt.toString()));
            Map<String, Object> answer = new SliceFunction(id -> "{\"jwtSecret\":\"" + secret + "\"}", "tokens",
                    stack.apiUri().toString())
                    .handleRequest(Map.of("slice", "2/2", "options", options), null);
            assertThat(answer.get("exit")).as(String.valueOf(answer.get("printed"))).isEqualTo(0);
            Path lambdaAnswer = dir.resolve("slice-2.json");
            new ObjectMapper().writeValue(lambdaAnswer.toFile(), answer);
            SliceFiles.unpack(lambdaAnswer, dir.resolve("slice-2-unpacked"));
            assertThat(first.waitFor(120, TimeUnit.SECONDS)).as("slice 1 ended").isTrue();
            assertThat(first.exitValue()).as(Files.readString(dir.resolve("slice-1.log"))).isZero();

            StringWriter mergedOut = new StringWriter();
            int mergedExit = cli(mergedOut).execute(args(List.of("merge", dir.resolve("slice-1").toString(),
                    lambdaAnswer.toString(), "--settle-seconds", "90", "--report",
                    dir.resolve("merged.html").toString()), deployment));
            String merged = mergedOut.toString();
            assertThat(mergedExit).as(merged).isZero();
            assertThat(merged).contains("Merging 2 slices of sliced-test-sliced (seed 7): 50 of 50 shoppers sent",
                    "All six invariants hold.");
            assertThat(merged.lines().filter(l -> l.matches("\\s+\\d \\S.*\\s+pass\\s+.*"))).hasSize(6);
            assertThat(ordersByStatus(merged)).isEqualTo(ordersByStatus(wholeOut.toString())).contains("PAID=");

            SliceFiles.Read one = SliceFiles.read(whole);
            SliceFiles.Read two = SliceFiles.merge(List.of(SliceFiles.read(dir.resolve("slice-1")),
                    SliceFiles.read(dir.resolve("slice-2-unpacked").resolve("slice-0"))));
            assertThat(two.traffic().tally().answers()).isEqualTo(one.traffic().tally().answers());
            assertThat(two.traffic().shoppersSent()).isEqualTo(50);
            assertThat(two.traffic().orderIds()).hasSameSizeAs(one.traffic().orderIds());
            assertThat(two.traffic().replays()).hasSameSizeAs(one.traffic().replays());

            // the merge's percentiles are the slices' logged histograms added up, read here independently
            Histogram reserve = new Histogram(Tally.MAX_LATENCY_MICROS, Tally.SIGNIFICANT_DIGITS);
            for (Path slice : List.of(dir.resolve("slice-1"), dir.resolve("slice-2-unpacked").resolve("slice-0"))) {
                reserve.add(logged(slice.resolve(SliceFiles.LATENCY), "RESERVE/RESPONSE"));
            }
            Histogram mergedReserve = two.traffic().tally().latency(Route.RESERVE);
            assertThat(mergedReserve.getTotalCount()).isEqualTo(reserve.getTotalCount())
                    .isEqualTo(one.traffic().tally().latency(Route.RESERVE).getTotalCount());
            for (double p : new double[] {50, 95, 99, 100}) {
                assertThat(mergedReserve.valuesAreEquivalent(mergedReserve.getValueAtPercentile(p),
                        reserve.getValueAtPercentile(p))).as("p%s", p).isTrue();
            }
            Matcher printed = Pattern.compile("POST /sales/\\{id}/reservations\\s+(\\d+)\\s+([\\d.]+)").matcher(merged);
            assertThat(printed.find()).as(merged).isTrue();
            assertThat(Long.parseLong(printed.group(1))).isEqualTo(reserve.getTotalCount());
            assertThat(Double.parseDouble(printed.group(2)) * 1000)
                    .isCloseTo(reserve.getValueAtPercentile(50), org.assertj.core.data.Offset.offset(
                            Math.max(100.0, reserve.getValueAtPercentile(50) * 0.001)));
        }
    }

    private static Process sliceJvm(int number, Instant opensAt, Path dir, List<String> deployment) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Daws.disableEc2Metadata=true",
                "-Dlogback.configurationFile=logback-local.xml", "-cp", System.getProperty("java.class.path"),
                "io.flashcheckout.local.LocalCommand", "rehearse"));
        command.addAll(List.of(args(CROWD, List.of("--slice", number + "/2", "--sale-id", "sliced-test-sliced", "--opens-at",
                opensAt.toString(), "--out", dir.resolve("slice-" + number).toString()), deployment)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("slice-" + number + ".log").toFile()).start();
    }

    private static Histogram logged(Path log, String tag) throws IOException {
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            if (tag.equals(h.getTag())) {
                return (Histogram) h;
            }
        }
        throw new AssertionError("no histogram tagged " + tag + " in " + log);
    }

    private static String ordersByStatus(String report) {
        Matcher m = Pattern.compile("\\n\\s+orders\\s+(.*)").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return m.group(1).strip();
    }

    @SafeVarargs
    private static String[] args(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all.toArray(String[]::new);
    }

    private static CommandLine cli(StringWriter out) {
        CommandLine cli = new CommandLine(new RehearseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli;
    }
}
