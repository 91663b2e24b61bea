package io.flashcheckout.bench.hotpartition;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test: a tiny sale sells out exactly, with 1 shard and with 2, while the emulated cap throttles it and the
 * SDK reads the throttling as DynamoDB's own answer; no timing is asserted.
 */
class HotPartitionBenchmarkTest {

    @Test
    void aTinySaleSellsOutExactlyUnderTheCap() {
        HotPartitionBenchmark bench = new HotPartitionBenchmark();
        bench.shardCounts = List.of(1, 2);
        bench.stock = 400;
        bench.scale = 20;          // 20 units, 50 write units/s per shared key
        bench.threads = 4;
        bench.warmupUnits = 0;
        bench.maxSeconds = 60;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<HotPartitionBenchmark.Run> runs = bench.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(runs).extracting(HotPartitionBenchmark.Run::shards).containsExactly(1, 2);
        for (HotPartitionBenchmark.Run run : runs) {
            assertThat(run.soldExactly()).as(run.toString()).isTrue();
            assertThat(run.sold()).isEqualTo(20);
            assertThat(run.lastSaleSeconds()).isPositive();
        }
        HotPartitionBenchmark.Run single = runs.get(0);
        assertThat(single.writesThrottled()).isPositive();
        assertThat(single.throttledByKind()).containsKey("STOCK");
        // the SDK unmarshalled the emulated answer as DynamoDB's: a cancelled transaction with a ThrottlingError reason
        assertThat(single.calls().get("TransactWriteItems").failures().keySet())
                .anyMatch(code -> code.contains("ThrottlingError"));
        // what still fails after the checkout's own retries reaches the caller as the typed refusal 'busy' (HTTP 503)
        for (HotPartitionBenchmark.Run run : runs) {
            assertThat(run.surfaced().keySet()).as(run.toString()).isSubsetOf("Busy");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("machine: ", "simulated time = measured time x");
    }
}
