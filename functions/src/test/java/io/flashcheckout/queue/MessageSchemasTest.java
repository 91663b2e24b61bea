package io.flashcheckout.queue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.queue.sqs.SqsCheckoutQueues;
import io.flashcheckout.support.ElasticMqLocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The messages as the SQS adapter sends them, received from ElasticMQ, against the JSON Schemas in
 * {@code schemas/} (what other teams code against) and against the consumers' own strict reading.
 */
class MessageSchemasTest {
    private static final String ORDER = "o-0123456789abcdef0123456789abcdef";
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    private static Map<QueueNames, String> urls;
    private static SqsCheckoutQueues queues;

    @BeforeAll
    static void queues() {
        String prefix = "m" + UUID.randomUUID().toString().substring(0, 8) + "-";
        urls = ElasticMqLocal.shared().createQueues(prefix);
        queues = new SqsCheckoutQueues(ElasticMqLocal.shared().client(), prefix, Map.of(), Duration.ofMinutes(15));
    }

    private static Schema schema(String file) {
        try (InputStream in = MessageSchemasTest.class.getResourceAsStream("/schemas/" + file)) {
            assertThat(in).as(file).isNotNull();
            // "format" only annotates by default in 2020-12; a consumer relies on date-time, so assert it
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, registry -> registry
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Error> errors(String file, String json) {
        return schema(file).validate(json, InputFormat.JSON);
    }

    private static Message only(QueueNames queue) {
        List<Message> received = ElasticMqLocal.shared().takeAll(urls.get(queue));
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    @Test
    void holdExpiryAsSentMatchesItsSchemaAndReadsBack() {
        queues.scheduleExpiry(HoldExpiryMessage.of(ORDER, AT), Duration.ZERO);

        Message m = only(QueueNames.HOLD_EXPIRY);
        assertThat(errors("hold-expiry.v1.json", m.body())).isEmpty();
        assertThat(m.messageAttributes().get(SqsCheckoutQueues.SCHEMA_ATTRIBUTE).stringValue()).isEqualTo("hold-expiry.v1");
        assertThat(Messages.holdExpiry(m.body())).isEqualTo(HoldExpiryMessage.of(ORDER, AT));
    }

    @Test
    void recoveryAsSentMatchesItsSchemaAndReadsBack() {
        queues.scheduleRecovery(RecoveryMessage.of(ORDER, 2), Duration.ZERO);

        Message m = only(QueueNames.CHECKOUT_RECOVERY);
        assertThat(errors("checkout-recovery.v1.json", m.body())).isEmpty();
        assertThat(Messages.recovery(m.body())).isEqualTo(RecoveryMessage.of(ORDER, 2));
    }

    @Test
    void refundRequestAndFinanceEventAsSentMatchTheirSchemas() {
        Refund refund = new Refund("rf-" + ORDER + "-1", ORDER, "demo", "alice", "ch_1", Money.of("199.00", "EUR"),
                Refund.Status.PENDING, "scalper", AT, AT, null).refunded("re_1", AT.plusSeconds(5));
        queues.requestRefund(RefundMessage.of(refund.refundId(), ORDER));
        queues.announceRefund(RefundIssuedEvent.of(refund));

        Message request = only(QueueNames.REFUNDS);
        Message issued = only(QueueNames.REFUND_ISSUED);
        assertThat(errors("refund-requested.v1.json", request.body())).isEmpty();
        assertThat(errors("refund-issued.v1.json", issued.body())).isEmpty();
        RefundIssuedEvent event = Messages.refundIssued(issued.body());
        assertThat(event.eventId()).isEqualTo(refund.refundId());
        assertThat(event.amount()).isEqualTo("199.00");
        assertThat(event.refundedAt()).isEqualTo(AT.plusSeconds(5));
        assertThat(event.providerRefundId()).isEqualTo("re_1");
    }

    @Test
    void aMessageDelayedByTheHoldIsNotVisibleBeforeItsTime() {
        queues.scheduleExpiry(HoldExpiryMessage.of(ORDER, AT), Duration.ofSeconds(5));

        assertThat(ElasticMqLocal.shared().takeAll(urls.get(QueueNames.HOLD_EXPIRY))).isEmpty();
    }

    /** What the consumer refuses, the schema refuses too: the two never disagree on what a valid message is. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"hold-expiry\",\"version\":1,\"orderId\":\"o-0123456789abcdef0123456789abcdef\"}",
            "{\"type\":\"hold-expiry\",\"version\":2,\"orderId\":\"o-0123456789abcdef0123456789abcdef\",\"holdExpiresAt\":\"2026-11-23T10:00:00Z\"}",
            "{\"type\":\"checkout-recovery\",\"version\":1,\"orderId\":\"o-0123456789abcdef0123456789abcdef\",\"holdExpiresAt\":\"2026-11-23T10:00:00Z\"}",
            "{\"type\":\"hold-expiry\",\"version\":1,\"orderId\":\"ORDER#1\",\"holdExpiresAt\":\"2026-11-23T10:00:00Z\"}",
            "{\"type\":\"hold-expiry\",\"version\":1,\"orderId\":\"o-0123456789abcdef0123456789abcdef\",\"holdExpiresAt\":\"soon\"}",
            "{\"type\":\"hold-expiry\",\"version\":\"1\",\"orderId\":\"o-0123456789abcdef0123456789abcdef\",\"holdExpiresAt\":\"2026-11-23T10:00:00Z\"}"
    })
    void malformedHoldExpiriesAreRefusedByBoth(String body) {
        assertThatThrownBy(() -> Messages.holdExpiry(body)).isInstanceOf(MalformedMessageException.class);
        assertThat(errors("hold-expiry.v1.json", body)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "[]",
            "{\"type\":\"checkout-recovery\",\"version\":1,\"orderId\":\"o-0123456789abcdef0123456789abcdef\",\"paymentAttempt\":0}",
            "{\"type\":\"checkout-recovery\",\"version\":1,\"orderId\":\"o-0123456789abcdef0123456789abcdef\",\"paymentAttempt\":1.5}",
            "{\"type\":\"checkout-recovery\",\"version\":1,\"orderId\":\"o-0123456789abcdef0123456789abcdef\"}"
    })
    void malformedRecoveriesAreRefused(String body) {
        assertThatThrownBy(() -> Messages.recovery(body)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void fieldsAddedWithinAVersionAreAccepted() {
        String body = "{\"type\":\"refund-requested\",\"version\":1,\"refundId\":\"rf-" + ORDER + "-1\",\"orderId\":\"" + ORDER
                + "\",\"traceId\":\"abc\"}";

        assertThat(Messages.refund(body).refundId()).isEqualTo("rf-" + ORDER + "-1");
        assertThat(errors("refund-requested.v1.json", body)).isEmpty();
    }
}
