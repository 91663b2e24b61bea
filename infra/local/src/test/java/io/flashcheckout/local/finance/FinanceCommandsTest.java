package io.flashcheckout.local.finance;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.local.LocalCommand;
import io.flashcheckout.local.Ports;
import io.flashcheckout.local.backends.AwsClients;
import io.flashcheckout.local.backends.LocalDynamoDb;
import io.flashcheckout.local.backends.LocalQueues;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoOrderStore;
import io.flashcheckout.store.dynamodb.TableDefinitions;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code refunds} and {@code dlq} against DynamoDB Local and ElasticMQ in this JVM. The tables and queues have a
 * prefix of their own, so nothing else reading the stack's default ones can take these messages.
 */
class FinanceCommandsTest {
    private static final String PREFIX = "finance-test-";
    private static final String SCHEMA = "schema";

    private static LocalDynamoDb dynamoDb;
    private static LocalQueues queues;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static DynamoOrderStore store;

    private record Run(int exit, String out, String err) {}

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.start(Ports.free(), null);
        dynamo = AwsClients.dynamoDb(dynamoDb.endpoint(), "us-east-1");
        TableDefinitions.createMissing(dynamo, CheckoutTables.withPrefix(PREFIX));
        store = new DynamoOrderStore(dynamo, CheckoutTables.withPrefix(PREFIX));
        queues = LocalQueues.start(Ports.free(), PREFIX);
        sqs = AwsClients.sqs(queues.endpoint(), "us-east-1");
    }

    @AfterAll
    static void stop() {
        Stream.<AutoCloseable>of(sqs, queues, dynamo, dynamoDb).forEach(part -> {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.err.println("did not stop cleanly: " + e);
            }
        });
    }

    @Test
    void theCsvOfAPeriodHoldsExactlyTheRefundsChangedInIt() throws IOException {
        Refund before = recorded(Refund.Status.PENDING, "EUR", "199.00", "too early", "2026-10-31T23:59:59.999Z");
        Refund first = recorded(Refund.Status.PENDING, "EUR", "199.00", "cancelled, said \"too late\"", "2026-11-01T00:00:00Z");
        Refund last = recorded(Refund.Status.REFUNDED, "EUR", "0.50", "two\nlines", "2026-11-30T23:59:59.999Z");
        Refund after = recorded(Refund.Status.PENDING, "EUR", "199.00", "too late", "2026-12-01T00:00:00Z");

        Run toStdout = run("refunds", "--from", "2026-11-01", "--to", "2026-12-01", "--csv", "-");

        assertThat(toStdout.exit()).isEqualTo(0);
        List<CSVRecord> records = parse(new StringReader(toStdout.out()));
        assertThat(records).extracting(r -> r.get("refundId")).containsExactly(first.refundId(), last.refundId())
                .doesNotContain(before.refundId(), after.refundId());
        assertThat(records.get(0).toMap()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("refundId", first.refundId()), Map.entry("orderId", first.orderId()),
                Map.entry("saleId", "flash-1"), Map.entry("customerId", "alice"), Map.entry("chargeId", first.chargeId()),
                Map.entry("providerRefundId", ""), Map.entry("amount", "199.00"), Map.entry("currency", "EUR"),
                Map.entry("status", "PENDING"), Map.entry("reason", "cancelled, said \"too late\""),
                Map.entry("createdAt", "2026-10-30T08:00:00Z"), Map.entry("updatedAt", "2026-11-01T00:00:00Z")));
        assertThat(records.get(1).get("reason")).isEqualTo("two\nlines");
        assertThat(records.get(1).get("providerRefundId")).isEqualTo(last.providerRefundId());
        assertThat(records.get(1).get("updatedAt")).isEqualTo("2026-11-30T23:59:59.999Z");
        assertThat(toStdout.out()).contains("\"cancelled, said \"\"too late\"\"\"").contains("\r\n");
    }

    @Test
    void theCsvGoesToAFileWhenNamed(@TempDir Path dir) throws IOException {
        Refund refund = recorded(Refund.Status.PENDING, "EUR", "10.00", "fits", "2026-09-15T12:00:00Z");
        Path file = dir.resolve("refunds.csv");

        Run export = run("refunds", "--from", "2026-09-15T00:00:00Z", "--to", "2026-09-16", "--csv", file.toString());

        assertThat(export.exit()).isEqualTo(0);
        assertThat(export.out()).contains("1 refund written to " + file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            assertThat(parse(reader)).extracting(r -> r.get("refundId")).containsExactly(refund.refundId());
        }
    }

    @Test
    void theStatusFilterKeepsOnlyThatStatusAndTheTableTotalsPerCurrency() throws IOException {
        Refund pending = recorded(Refund.Status.PENDING, "EUR", "199.00", "cancelled", "2027-01-10T10:00:00Z");
        Refund refunded = recorded(Refund.Status.REFUNDED, "USD", "12.00", "expired", "2027-01-11T10:00:00Z");
        Refund refundedToo = recorded(Refund.Status.REFUNDED, "USD", "0.50", "expired", "2027-01-12T10:00:00Z");

        Run csv = run("refunds", "--from", "2027-01-01", "--to", "2027-02-01", "--status", "REFUNDED", "--csv", "-");
        Run table = run("refunds", "--from", "2027-01-01", "--to", "2027-02-01");

        assertThat(csv.exit()).isEqualTo(0);
        assertThat(parse(new StringReader(csv.out()))).extracting(r -> r.get("refundId"))
                .containsExactly(refunded.refundId(), refundedToo.refundId());
        assertThat(table.exit()).isEqualTo(0);
        assertThat(table.out()).contains(pending.refundId(), refunded.refundId(), refundedToo.refundId(),
                "total 199.00 EUR", "total 12.50 USD", "3 refunds");
    }

    @Test
    void aPeriodThatDoesNotEndAfterItStartsIsAUsageError() {
        Run same = run("refunds", "--from", "2026-11-01", "--to", "2026-11-01T00:00:00Z");
        Run garbled = run("refunds", "--from", "November");

        assertThat(same.exit()).isEqualTo(2);
        assertThat(same.err()).contains("--from (2026-11-01T00:00:00Z) must be before --to (2026-11-01T00:00:00Z)");
        assertThat(garbled.exit()).isEqualTo(2);
        assertThat(garbled.err()).contains("'November' is neither an ISO date");
    }

    @Test
    void showPrintsADeadLetterQueueAndTheMessagesInIt() {
        String dlq = QueueNames.REFUND_ISSUED.deadLetterName(PREFIX);
        String url = queues.queueUrls().get(dlq);
        String id = sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"refundId\":\"rf-1\"}")
                .messageAttributes(Map.of(SCHEMA, text("refund-issued.v1")))).messageId();

        Run one = run("dlq", "show", "--queue", "refund-issued");
        Run all = run("dlq", "show", "--max", "0");

        assertThat(one.exit()).as(one.err()).isEqualTo(0);
        assertThat(one.out()).contains(dlq + "  " + url, "ApproximateNumberOfMessages 1", "messageId " + id,
                "schema refund-issued.v1", "{\"refundId\":\"rf-1\"}").containsPattern("sent 20\\d\\d-\\d\\d-\\d\\dT");
        assertThat(all.exit()).isEqualTo(0);
        assertThat(all.out()).contains(QueueNames.all().stream().map(q -> q.deadLetterName(PREFIX)).toArray(String[]::new))
                .doesNotContain("messageId");
    }

    @Test
    void redriveMovesEveryMessageBackWithItsBodyAndSchema() {
        QueueNames queue = QueueNames.HOLD_EXPIRY;
        String dlqUrl = queues.queueUrls().get(queue.deadLetterName(PREFIX));
        String sourceUrl = queues.queueUrls().get(queue.name(PREFIX));
        List<String> bodies = IntStream.range(0, 25).mapToObj(i -> "{\"orderId\":\"o-" + i + "\"}").toList();
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, bodies.size()); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i))
                        .messageAttributes(Map.of(SCHEMA, text("hold-expiry.v" + i))).build());
            }
            assertThat(sqs.sendMessageBatch(b -> b.queueUrl(dlqUrl).entries(entries)).failed()).isEmpty();
        }

        Run some = run("dlq", "redrive", "--queue", "hold-expiry", "--max", "7");
        Run rest = run("dlq", "redrive", "--queue", "hold-expiry");

        assertThat(some.exit()).as(some.err()).isEqualTo(0);
        assertThat(some.out()).contains("moved 7 messages from " + PREFIX + "hold-expiry-dlq to " + PREFIX + "hold-expiry");
        assertThat(rest.exit()).as(rest.err()).isEqualTo(0);
        assertThat(rest.out()).contains("moved 18 messages");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(1)).messages()).isEmpty();
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.ALL)).attributes())
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
        List<Message> moved = drain(sourceUrl);
        assertThat(moved).extracting(Message::body).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(moved).allSatisfy(m -> assertThat(m.messageAttributes().get(SCHEMA).stringValue())
                .isEqualTo("hold-expiry.v" + bodies.indexOf(m.body())));
    }

    @Test
    void anUnknownQueueIsAUsageErrorNamingTheValidOnes() {
        Run show = run("dlq", "show", "--queue", "holds");
        Run redrive = run("dlq", "redrive", "--queue", "flash-checkout-refunds");

        assertThat(show.exit()).isEqualTo(2);
        assertThat(show.err()).contains("unknown queue 'holds'", "hold-expiry, checkout-recovery, refunds, refund-issued");
        assertThat(redrive.exit()).isEqualTo(2);
        assertThat(redrive.err()).contains("unknown queue 'flash-checkout-refunds'");
    }

    private static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--prefix", PREFIX, "--region", "us-east-1"));
        all.addAll(args[0].equals("refunds")
                ? List.of("--dynamodb-endpoint", dynamoDb.endpoint().toString())
                : List.of("--sqs-endpoint", queues.endpoint().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new LocalCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Refund recorded(Refund.Status status, String currency, String amount, String reason, String updatedAt) {
        String orderId = "o-" + UUID.randomUUID().toString().replace("-", "");
        Refund refund = new Refund("rf-" + orderId + "-1", orderId, "flash-1", "alice", "ch_" + orderId.substring(2, 14),
                Money.of(amount, currency), status, reason, Instant.parse("2026-10-30T08:00:00Z"), Instant.parse(updatedAt),
                status == Refund.Status.REFUNDED ? "re_" + orderId.substring(2, 14) : null);
        assertThat(store.recordRefund(refund)).isTrue();
        return refund;
    }

    private static List<CSVRecord> parse(Reader csv) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(csv)) {
            assertThat(parser.getHeaderNames()).containsExactly(RefundCsv.HEADER);
            return parser.getRecords();
        }
    }

    private static List<Message> drain(String url) {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
