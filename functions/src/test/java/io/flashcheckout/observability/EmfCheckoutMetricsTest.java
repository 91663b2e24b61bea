package io.flashcheckout.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashcheckout.checkout.CheckoutEvent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The EMF records written for the checkout's counts, read back line by line as CloudWatch reads them. */
class EmfCheckoutMetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");

    @Test
    void anInvocationsCountsBecomeOneRecordAndAnInvocationWithoutCountsNone() throws Exception {
        List<String> lines = emfLinesOf(metrics -> {
            metrics.publish();
            metrics.count(CheckoutEvent.RESERVED);
            metrics.count(CheckoutEvent.RESERVED);
            metrics.count(CheckoutEvent.SOLD_OUT, 3);
            metrics.count(CheckoutEvent.PAID, 0);
            metrics.publish();
            metrics.publish();
            metrics.count(CheckoutEvent.REFUNDED);
            metrics.publish();
        });

        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        JsonNode directive = first.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("FlashCheckoutTest");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Service\",\"Stage\"]]");
        assertThat(first.get("Service").asText()).isEqualTo("flash-checkout");
        assertThat(first.get("Stage").asText()).isEqualTo("test");
        assertThat(directive.get("Metrics").findValuesAsText("Name")).containsExactly("Reservations", "SoldOutAnswers");
        assertThat(directive.findValuesAsText("Unit")).containsOnly("Count");
        assertThat(first.get("Reservations").asLong()).isEqualTo(2);
        assertThat(first.get("SoldOutAnswers").asLong()).isEqualTo(3);
        assertThat(first.has("PaymentsPaid")).isFalse();

        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name")).containsExactly("RefundsIssued");
        assertThat(second.get("RefundsIssued").asLong()).isEqualTo(1);
        assertThat(second.has("Reservations")).as("counts start again after a record").isFalse();
    }

    /** A dimension value comes from configuration; whatever it holds, the record stays one line of valid JSON. */
    @Test
    void aDimensionValueCannotBreakTheRecordOrItsLine() throws Exception {
        List<String> lines = emfLinesOf(Map.of("Stage", "dev\"}\n{\"forged\":1"), metrics -> {
            metrics.count(CheckoutEvent.CANCELLED);
            metrics.publish();
        });

        assertThat(lines).hasSize(1);
        JsonNode record = new ObjectMapper().readTree(lines.get(0));
        assertThat(record.get("Stage").asText()).isEqualTo("dev\"}\n{\"forged\":1");
        assertThat(record.has("forged")).isFalse();
    }

    private static List<String> emfLinesOf(java.util.function.Consumer<EmfCheckoutMetrics> invocations) {
        return emfLinesOf(Map.of("Stage", "test"), invocations);
    }

    private static List<String> emfLinesOf(Map<String, String> stage, java.util.function.Consumer<EmfCheckoutMetrics> invocations) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Service", "flash-checkout");
        dimensions.putAll(stage);
        invocations.accept(new EmfCheckoutMetrics("FlashCheckoutTest", dimensions,
                new PrintStream(captured, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC)));
        return new ArrayList<>(captured.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
