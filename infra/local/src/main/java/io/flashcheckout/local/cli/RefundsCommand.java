package io.flashcheckout.local.cli;

import io.flashcheckout.checkout.Refund;
import io.flashcheckout.local.finance.RefundCsv;
import io.flashcheckout.local.finance.RefundTable;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoOrderStore;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code refunds --from .. [--to ..] [--status ..] [--csv FILE|-]}: the refunds changed in a period, for finance. */
@Command(name = "refunds", mixinStandardHelpOptions = true,
        description = {"Lists the refunds created or changed (updatedAt) from --from, inclusive, to --to, exclusive, with a "
                + "total per currency; or exports them as RFC 4180 CSV with --csv.",
                "Reads the refunds table with a Scan. Against the local stack (`serve`): --dynamodb-endpoint "
                        + "http://127.0.0.1:8000; against AWS, the SDK's usual configuration (AWS_PROFILE, AWS_REGION, ...)."})
public final class RefundsCommand implements Callable<Integer> {

    @Mixin
    AwsTarget target;

    @Option(names = "--from", required = true, paramLabel = "DATE|INSTANT", converter = DayOrInstant.class,
            description = "Start of the period, inclusive: 2026-11-01 (00:00 UTC) or 2026-11-01T12:00:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "DATE|INSTANT", converter = DayOrInstant.class,
            description = "End of the period, exclusive. Default: now.")
    Instant to;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only refunds in this status: ${COMPLETION-CANDIDATES}.")
    Refund.Status status;

    @Option(names = "--csv", paramLabel = "FILE|-",
            description = "Write CSV to FILE (replaced if it exists), or to standard output for -.")
    String csv;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    RefundsCommand() {
        this(Clock.systemUTC());
    }

    RefundsCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant until = to != null ? to : clock.instant();
        if (!from.isBefore(until)) {
            err.println("--from (" + from + ") must be before --to (" + until + ")");
            return 2;
        }
        CheckoutTables tables = CheckoutTables.withPrefix(target.prefix);
        List<Refund> refunds;
        try (DynamoDbClient dynamo = target.dynamoDb()) {
            refunds = new DynamoOrderStore(dynamo, tables).refundsChangedBetween(from, until).stream()
                    .filter(r -> status == null || r.status() == status)
                    .toList();
        } catch (SdkException e) {
            err.println("cannot read the table " + tables.refunds() + ": " + e.getMessage());
            return 1;
        }
        try {
            if (csv == null) {
                RefundTable.print(refunds, out);
            } else if (csv.equals("-")) {
                RefundCsv.write(refunds, out);
            } else {
                try (Writer file = Files.newBufferedWriter(Path.of(csv), StandardCharsets.UTF_8)) {
                    RefundCsv.write(refunds, file);
                }
                out.println(refunds.size() + (refunds.size() == 1 ? " refund" : " refunds") + " written to " + csv);
            }
        } catch (IOException e) {
            err.println("cannot write " + csv + ": " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }
}
