package io.flashcheckout.local;

import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.workers.QueueBatch;
import io.micronaut.inject.qualifiers.Qualifiers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.flashcheckout.local.template.CloudFormationTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue function's batch, each message taking the longest it may (its provider call's timeouts and its writes),
 * fits the function's timeout: otherwise a slow provider times the invocation out and every message of the batch,
 * handled ones too, comes back and counts a receive toward the dead-letter queue.
 */
class BatchSizingTest {
    private static final Map<String, String> BATCHES = Map.of(
            "HoldExpiryFunction", "hold-expiry", "CheckoutRecoveryFunction", "checkout-recovery", "RefundFunction", "refunds");
    private static CheckoutRig rig;

    @BeforeAll
    static void start() {
        rig = new CheckoutRig();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aWholeBatchOfTheSlowestMessagesFitsTheTimeout() {
        Map<String, Map<String, Object>> functions = CloudFormationTemplate.load(Path.of("../template.yaml"))
                .resources("AWS::Serverless::Function");
        BATCHES.forEach((function, queue) -> {
            Map<String, Object> properties = functions.get(function);
            Map<String, Object> source = map(map(map(properties.get("Events")).get("Queue")).get("Properties"));
            int batchSize = ((Number) source.get("BatchSize")).intValue();
            Duration timeout = Duration.ofSeconds(((Number) properties.get("Timeout")).intValue());
            Duration longest = rig.context.getBean(QueueBatch.class, Qualifiers.byName(queue)).longestMessage();

            assertThat(longest.multipliedBy(batchSize)).as("%s: %d x %s within %s", function, batchSize, longest, timeout)
                    .isLessThanOrEqualTo(timeout);
        });
    }
}
