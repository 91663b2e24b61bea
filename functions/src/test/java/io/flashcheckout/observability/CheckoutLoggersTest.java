package io.flashcheckout.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The level the environment gives the checkout's loggers, and the in-code configuration that applies it. */
class CheckoutLoggersTest {

    @Test
    void lambdasLogLevelWinsThenTheOlderVariableThenInfo() {
        assertThat(CheckoutLoggers.levelFrom(Map.of())).isEqualTo(Level.INFO);
        assertThat(CheckoutLoggers.levelFrom(Map.of("POWERTOOLS_LOG_LEVEL", "debug"))).isEqualTo(Level.DEBUG);
        assertThat(CheckoutLoggers.levelFrom(Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN", "POWERTOOLS_LOG_LEVEL", "DEBUG")))
                .isEqualTo(Level.WARN);
        assertThat(CheckoutLoggers.levelFrom(Map.of("AWS_LAMBDA_LOG_LEVEL", "FATAL"))).isEqualTo(Level.ERROR);
        assertThat(CheckoutLoggers.levelFrom(Map.of("AWS_LAMBDA_LOG_LEVEL", "loud"))).isEqualTo(Level.INFO);
        assertThat(CheckoutLoggers.levelFrom(Map.of("AWS_LAMBDA_LOG_LEVEL", " "))).isEqualTo(Level.INFO);
    }

    /** DEBUG for the checkout shows its decisions; the SDK, Micronaut and the rest stay at WARN. */
    @Test
    void theConfigurationSetsTheCheckoutsLevelAndLeavesTheLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();
        try {
            JsonLogConfigurator.applyTo(context, Level.DEBUG);

            assertThat(context.getLogger("io.flashcheckout.checkout.PayService").getEffectiveLevel()).isEqualTo(Level.DEBUG);
            assertThat(context.getLogger("software.amazon.awssdk.request").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("io.micronaut.context").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNotNull();
        } finally {
            context.stop();
        }
    }
}
