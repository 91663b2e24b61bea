package io.flashcheckout.local.cli;

import io.flashcheckout.local.finance.DeadLetterRedrive;
import io.flashcheckout.queue.QueueNames;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code dlq redrive --queue NAME [--max N]}: moves a dead-letter queue's messages back to their queue. */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"After a fix: moves the messages of <prefix><queue>-dlq back to <prefix><queue>, ten at a time, "
                + "with their bodies and message attributes, until the dead-letter queue answers empty or --max were moved. "
                + "Standard SQS calls only, so it works on AWS and ElasticMQ alike.",
                "Against the local stack (`serve`): --sqs-endpoint http://127.0.0.1:9324."})
final class DlqRedriveCommand implements Callable<Integer> {

    @Mixin
    AwsTarget target;

    @Option(names = "--queue", required = true, paramLabel = "NAME", converter = QueueBaseNames.class,
            completionCandidates = QueueBaseNames.class, description = "The queue to move back to: ${COMPLETION-CANDIDATES}.")
    QueueNames queue;

    @Option(names = "--max", paramLabel = "N", description = "Move at most N messages. Default: all.")
    Long max;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (max != null && max < 1) {
            err.println("--max must be at least 1");
            return 2;
        }
        String deadLetter = queue.deadLetterName(target.prefix);
        String source = queue.name(target.prefix);
        DeadLetterRedrive.Outcome outcome;
        try (SqsClient sqs = target.sqs()) {
            String deadLetterUrl = url(sqs, deadLetter);
            String sourceUrl = url(sqs, source);
            if (deadLetterUrl == null || sourceUrl == null) {
                err.println((deadLetterUrl == null ? deadLetter : source) + ": no such queue");
                return 1;
            }
            outcome = new DeadLetterRedrive(sqs, deadLetterUrl, sourceUrl).run(max == null ? Long.MAX_VALUE : max);
        } catch (SdkException e) {
            err.println("cannot move " + deadLetter + " to " + source + ": " + e.getMessage());
            return 1;
        }
        out.println("moved " + outcome.moved() + (outcome.moved() == 1 ? " message" : " messages")
                + " from " + deadLetter + " to " + source);
        out.flush();
        outcome.problems().forEach(err::println);
        return outcome.problems().isEmpty() ? 0 : 1;
    }

    /** The queue's URL, or null when there is no such queue. */
    private static String url(SqsClient sqs, String name) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return null;
        }
    }
}
