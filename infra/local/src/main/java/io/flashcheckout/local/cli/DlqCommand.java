package io.flashcheckout.local.cli;

import picocli.CommandLine.Command;

/** {@code dlq show|redrive}: the dead-letter queues, for an operator. Without a subcommand, a usage error. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Looks into the dead-letter queues (<prefix><queue>-dlq) and moves their messages back once the "
                + "cause is fixed.",
                "Against the local stack (`serve`): --sqs-endpoint http://127.0.0.1:9324; against AWS, the SDK's usual "
                        + "configuration (AWS_PROFILE, AWS_REGION, ...)."},
        subcommands = {DlqShowCommand.class, DlqRedriveCommand.class})
public final class DlqCommand {
}
