package io.flashcheckout.bench.overhead;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Smoke test: a tiny run of every kind completes operations and prints the table; no timing is asserted. */
class OverheadBenchmarkTest {

    @Test
    void aTinyRunMeasuresEveryKind() {
        OverheadBenchmark bench = new OverheadBenchmark();
        bench.threads = 2;
        bench.rounds = 1;
        bench.seconds = 0.5;
        bench.warmup = 0.2;
        bench.shards = 2;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        OverheadBenchmark.Result result = bench.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

        for (OverheadBenchmark.Kind kind : OverheadBenchmark.Kind.values()) {
            assertThat(result.rounds().get(kind)).as(kind.label).hasSize(1);
            assertThat(result.opsPerSecond(kind)).as(kind.label).isPositive();
            assertThat(result.errors(kind)).as(kind.label).isZero();
        }
        // a reserve is one transaction and nothing else but the cached sale read
        OverheadBenchmark.Measurement reserve = result.rounds().get(OverheadBenchmark.Kind.RESERVE).get(0);
        assertThat(reserve.calls().get("TransactWriteItems").calls()).isEqualTo(reserve.ops());
        // the relay on the orders stream sent one hold-expiry message per reservation, and none for the raw writes
        assertThat(result.reservesMade()).isPositive();
        assertThat(result.holdExpiriesRelayed()).isEqualTo(result.reservesMade());
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("machine: ", "reserve / raw transaction = ", "target >= 0.90", "reserve / raw update      = ",
                        "as it would not on Lambda", "relay during the reserve rounds: ");
    }
}
