package io.flashcheckout.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flash-checkout-bench <benchmark> [options]}: each benchmark prints its figures and the machine it ran on. */
@Command(name = "flash-checkout-bench", mixinStandardHelpOptions = true, version = "flash-checkout-bench 0.1.0",
        description = "Benchmarks of the checkout; each prints its figures.",
        subcommands = {
                CommandLine.HelpCommand.class,
                io.flashcheckout.bench.overhead.OverheadBenchmark.class,
                io.flashcheckout.bench.hotpartition.HotPartitionBenchmark.class,
                io.flashcheckout.bench.coldstart.ColdStartCommand.class,
                io.flashcheckout.bench.api.ApiBenchmark.class,
        })
public final class BenchCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
