package io.flashcheckout.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashcheckout.checkout.CheckoutEvent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.cloudwatchlogs.emf.config.Configuration;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EMF records Powertools writes for the checkout's counts, read back as CloudWatch would read them. The EMF
 * library is told it runs locally (standard output, as on Lambda) so it neither looks for an agent nor asks the EC2
 * metadata service.
 */
class EmfCheckoutMetricsTest {

    @Test
    void anInvocationsCountsBecomeOneRecordAndAnInvocationWithoutCountsNone() throws Exception {
        List<JsonNode> records = emfRecordsOf(metrics -> {
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

        assertThat(records).hasSize(2);
        JsonNode first = records.get(0);
        JsonNode directive = first.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("FlashCheckoutTest");
        assertThat(directive.get("Dimensions").get(0).toString()).contains("\"Service\"", "\"Stage\"");
        assertThat(first.get("Service").asText()).isEqualTo("flash-checkout");
        assertThat(first.get("Stage").asText()).isEqualTo("test");
        assertThat(metricNames(directive)).containsExactlyInAnyOrder("Reservations", "SoldOutAnswers");
        assertThat(directive.findValuesAsText("Unit")).containsOnly("Count");
        assertThat(sum(first.get("Reservations"))).isEqualTo(2);
        assertThat(sum(first.get("SoldOutAnswers"))).isEqualTo(3);
        assertThat(metricNames(records.get(1).at("/_aws/CloudWatchMetrics/0"))).containsExactly("RefundsIssued");
    }

    private static List<JsonNode> emfRecordsOf(java.util.function.Consumer<EmfCheckoutMetrics> invocations) throws Exception {
        Configuration config = EnvironmentConfigurationProvider.getConfig();
        Environments before = config.getEnvironmentOverride();
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        config.setEnvironmentOverride(Environments.Local);
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            invocations.accept(new EmfCheckoutMetrics(MetricsBuilder.builder()
                    .withNamespace("FlashCheckoutTest")
                    .withService("flash-checkout")
                    .withDefaultDimensions(DimensionSet.of("Service", "flash-checkout", "Stage", "test"))
                    .withRaiseOnEmptyMetrics(false)
                    .build()));
        } finally {
            System.setOut(out);
            config.setEnvironmentOverride(before);
        }
        List<JsonNode> records = new ArrayList<>();
        new ObjectMapper().readerFor(JsonNode.class).readValues(captured.toString(StandardCharsets.UTF_8))
                .forEachRemaining(node -> records.add((JsonNode) node));
        return records;
    }

    private static List<String> metricNames(JsonNode directive) {
        return directive.get("Metrics").findValuesAsText("Name");
    }

    private static double sum(JsonNode value) {
        if (!value.isArray()) {
            return value.asDouble();
        }
        double total = 0;
        for (JsonNode v : value) {
            total += v.asDouble();
        }
        return total;
    }
}
