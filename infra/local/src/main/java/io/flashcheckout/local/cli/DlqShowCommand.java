package io.flashcheckout.local.cli;

import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.sqs.SqsCheckoutQueues;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code dlq show [--queue NAME] [--max N]}: each dead-letter queue's URL, size and first messages. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints each dead-letter queue's URL and approximate size, and peeks at up to --max of its messages "
                + "(they stay where they are, but each peek counts as a receive).",
                "Against the local stack (`serve`): --sqs-endpoint http://127.0.0.1:9324."})
public final class DlqShowCommand implements Callable<Integer> {
    private static final int RECEIVE_MAX = 10;

    @Mixin
    AwsTarget target;

    @Option(names = "--queue", paramLabel = "NAME",
            converter = QueueBaseNames.class, completionCandidates = QueueBaseNames.class,
            description = "Only this queue's dead-letter queue: ${COMPLETION-CANDIDATES}. Default: all of them.")
    QueueNames queue;

    @Option(names = "--max", paramLabel = "N", defaultValue = "10",
            description = "Messages to show per queue. Default: ${DEFAULT-VALUE}")
    int max;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (max < 0) {
            err.println("--max must not be negative");
            return 2;
        }
        int exit = 0;
        try (SqsClient sqs = target.sqs()) {
            for (QueueNames q : queue == null ? QueueNames.all() : List.of(queue)) {
                String name = q.deadLetterName(target.prefix);
                try {
                    show(sqs, name, out);
                } catch (QueueDoesNotExistException e) {
                    err.println(name + ": no such queue");
                    exit = 1;
                }
            }
        } catch (SdkException e) {
            err.println("cannot read the queues: " + e.getMessage());
            exit = 1;
        }
        out.flush();
        return exit;
    }

    private void show(SqsClient sqs, String name, PrintWriter out) {
        String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        Map<QueueAttributeName, String> size = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        out.println(name + "  " + url);
        out.println("  ApproximateNumberOfMessages " + size.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + " (+" + size.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) + " in flight)");
        for (Message m : peek(sqs, url, max)) {
            Map<MessageSystemAttributeName, String> system = m.attributes();
            String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
            MessageAttributeValue schema = m.messageAttributes().get(SqsCheckoutQueues.SCHEMA_ATTRIBUTE);
            out.println("  - messageId " + m.messageId()
                    + "  receives " + system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    + "  sent " + (sent == null ? "?" : Instant.ofEpochMilli(Long.parseLong(sent)))
                    + "  schema " + (schema == null ? "-" : schema.stringValue()));
            out.println("    " + m.body());
        }
    }

    /**
     * Receives with a visibility timeout of 0, so the messages stay available to everyone. Successive receives may
     * return the same messages again: it stops at {@code max} distinct ones or when a receive brings none new.
     */
    public static List<Message> peek(SqsClient sqs, String url, int max) {
        Map<String, Message> seen = new LinkedHashMap<>();
        while (seen.size() < max) {
            int want = Math.min(RECEIVE_MAX, max - seen.size());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(url)
                    .maxNumberOfMessages(want)
                    .visibilityTimeout(0)
                    .waitTimeSeconds(1)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            int before = seen.size();
            received.forEach(m -> seen.putIfAbsent(m.messageId(), m));
            if (seen.size() == before) {
                break;
            }
        }
        return List.copyOf(seen.values());
    }
}
