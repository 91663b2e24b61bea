package io.flashcheckout.bench.api;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test: a tiny run starts the local stack in a JVM of its own, reserves through its HTTP API (every answer
 * 201), runs the raw transaction on its DynamoDB Local, prints the table and the ratio, and profiles the stack with
 * JFR; no timing is asserted.
 */
class ApiBenchmarkTest {

    @Test
    void aTinyRunReservesOverHttpAndProfilesTheStack() {
        ApiBenchmark bench = new ApiBenchmark();
        bench.connections = 4;
        bench.rounds = 1;
        bench.seconds = 1;
        bench.warmup = 0.5;
        bench.shards = 2;
        bench.jfr = true;
        bench.top = 5;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ApiBenchmark.Result result = bench.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(result.rounds().get(ApiBenchmark.API)).hasSize(1);
        assertThat(result.rounds().get(ApiBenchmark.RAW)).hasSize(1);
        assertThat(result.outcomes(ApiBenchmark.API)).as(text).containsOnlyKeys("201");
        assertThat(result.outcomes(ApiBenchmark.RAW)).as(text).containsOnlyKeys("ok");
        assertThat(result.opsPerSecond(ApiBenchmark.API)).isPositive();
        assertThat(result.opsPerSecond(ApiBenchmark.RAW)).isPositive();
        assertThat(result.hotSpots().samples()).as("execution samples of the stack while the API ran").isPositive();
        assertThat(text).contains("machine: ", "api / raw transaction = ", "(target >= 0.60: ",
                "top consumers in the stack's JVM", "hot methods");
    }
}
