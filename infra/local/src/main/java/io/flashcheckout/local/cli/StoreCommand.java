package io.flashcheckout.local.cli;

import io.flashcheckout.local.storemove.StoreDump;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code store export|import}: a whole store moved to another deployment, for an operator. */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Copies a whole store (sales, orders, refunds) to a folder and from a folder into another "
                + "deployment, after-sales intact.",
                "Against the local stack (`serve`): --dynamodb-endpoint http://127.0.0.1:8000; against AWS, the SDK's "
                        + "usual configuration (AWS_PROFILE, AWS_REGION, ...)."},
        subcommands = {StoreCommand.Export.class, StoreCommand.Import.class})
public final class StoreCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes every item of the store's three tables to DIR/{sales,orders,refunds}.jsonl "
                    + "(DynamoDB JSON, one item a line; a consistent Scan, so close the store first for a still copy).")
    static final class Export implements Callable<Integer> {
        @Mixin
        AwsTarget target;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (var dynamo = target.dynamoDb()) {
                var counts = StoreDump.export(dynamo, CheckoutTables.withPrefix(target.prefix), out);
                counts.forEach((table, n) -> spec.commandLine().getOut().println(table + ": " + n + " items"));
                spec.commandLine().getOut().println("written to " + out);
                return 0;
            } catch (IOException | SdkException e) {
                spec.commandLine().getErr().println("export failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Puts every item of DIR (store export's files, or per table the *.json.gz files of DynamoDB's "
                    + "export to S3 under DIR/sales/, DIR/orders/, DIR/refunds/) into the store's tables; an item whose "
                    + "key is there already is left as it is, so an import may run again.")
    static final class Import implements Callable<Integer> {
        @Mixin
        AwsTarget target;

        @Option(names = "--from", required = true, paramLabel = "DIR", description = "The folder to read.")
        Path from;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (var dynamo = target.dynamoDb()) {
                var done = StoreDump.importInto(dynamo, CheckoutTables.withPrefix(target.prefix), from);
                done.forEach((table, d) -> spec.commandLine().getOut().println(
                        table + ": " + d.written() + " items written, " + d.alreadyThere() + " already there"));
                return 0;
            } catch (IOException | SdkException e) {
                spec.commandLine().getErr().println("import failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
