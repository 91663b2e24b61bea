package io.flashcheckout.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import software.amazon.lambda.powertools.logging.internal.LoggingManager;
import software.amazon.lambda.powertools.logging.internal.LoggingManagerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** Powertools finds this manager, and a level it sets reaches the checkout's loggers and no library's. */
class LogbackLoggingManagerTest {

    @Test
    void powertoolsSetsTheCheckoutsLevelAndLeavesTheLibrariesAlone() {
        LoggingManager manager = LoggingManagerRegistry.getLoggingManager();
        Logger checkout = (Logger) LoggerFactory.getLogger(LogbackLoggingManager.CHECKOUT_LOGGERS);
        Logger sdk = (Logger) LoggerFactory.getLogger("software.amazon.awssdk.request");
        Level checkoutBefore = checkout.getLevel();
        Level sdkBefore = sdk.getEffectiveLevel();
        try {
            manager.setLogLevel(org.slf4j.event.Level.DEBUG);

            assertThat(manager).isInstanceOf(LogbackLoggingManager.class);
            assertThat(manager.getLogLevel(LoggerFactory.getLogger("io.flashcheckout.checkout.PayService")))
                    .isEqualTo(org.slf4j.event.Level.DEBUG);
            assertThat(sdk.getEffectiveLevel()).isEqualTo(sdkBefore).isNotEqualTo(Level.DEBUG);
        } finally {
            checkout.setLevel(checkoutBefore);
        }
    }
}
