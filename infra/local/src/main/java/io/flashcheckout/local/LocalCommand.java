package io.flashcheckout.local;

import io.flashcheckout.local.cli.CompletionCommand;
import io.flashcheckout.local.cli.DlqCommand;
import io.flashcheckout.local.cli.RefundsCommand;
import io.flashcheckout.local.cli.ServeCommand;
import io.flashcheckout.local.cli.StoreCommand;
import io.flashcheckout.local.cli.TokenCommand;
import io.flashcheckout.local.rehearse.RehearseCommand;

import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flash-checkout [serve|token|refunds|dlq|rehearse|completion] ...}: without a subcommand, {@code serve}. The
 * runnable jar's entry point ({@code infra/local/target/flash-checkout.jar}, run by {@code infra/flash-checkout}).
 */
@Command(name = "flash-checkout", mixinStandardHelpOptions = true, version = "flash-checkout 0.1.0",
        description = "The checkout on this machine: the HTTP API through the real Lambda handler, DynamoDB Local, "
                + "ElasticMQ and the PSP simulator, in one JVM.",
        subcommands = {ServeCommand.class, TokenCommand.class, RefundsCommand.class, DlqCommand.class, RehearseCommand.class,
                StoreCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class LocalCommand implements Runnable {
    private static final Set<String> OWN_WORDS = Set.of("serve", "token", "refunds", "dlq", "rehearse", "store", "completion", "help", "-h", "--help", "-V", "--version");

    public static void main(String[] args) {
        // the functions' logging configuration is for Lambda; locally, warnings only, ours at info
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-local.xml");
        }
        // on a laptop there is no EC2 metadata service to ask for a region (java -jar without the launcher's flag)
        if (System.getProperty("aws.disableEc2Metadata") == null) {
            System.setProperty("aws.disableEc2Metadata", "true");
        }
        System.exit(new CommandLine(new LocalCommand()).execute(withDefaultSubcommand(args)));
    }

    /** {@code serve} unless the arguments start with a subcommand or ask for help or the version. */
    static String[] withDefaultSubcommand(String[] args) {
        if (args.length > 0 && OWN_WORDS.contains(args[0])) {
            return args;
        }
        String[] serve = new String[args.length + 1];
        serve[0] = "serve";
        System.arraycopy(args, 0, serve, 1, args.length);
        return serve;
    }

    @Override
    public void run() {
        // not reached: main always names a subcommand
    }
}
