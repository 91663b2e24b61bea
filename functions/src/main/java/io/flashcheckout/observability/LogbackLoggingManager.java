package io.flashcheckout.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Powertools logging's hook into logback (found through {@code META-INF/services}), which lets
 * {@code POWERTOOLS_LOG_LEVEL}, {@code AWS_LAMBDA_LOG_LEVEL} and debug sampling set the level. Powertools ships one as
 * {@code powertools-logging-logback}, which is not served by the registry these builds use. Unlike that one, it sets
 * the checkout's own loggers only: the SDK, Netty and Micronaut stay at the levels {@code logback.xml} gives them, so
 * a DEBUG sample shows the checkout's decisions without every HTTP frame.
 */
public final class LogbackLoggingManager implements LoggingManager {
    static final String CHECKOUT_LOGGERS = "io.flashcheckout";

    @Override
    public void setLogLevel(org.slf4j.event.Level level) {
        LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        loggers.getLogger(CHECKOUT_LOGGERS).setLevel(Level.toLevel(level.toString()));
    }

    @Override
    public org.slf4j.event.Level getLogLevel(Logger logger) {
        Level level = ((ch.qos.logback.classic.Logger) logger).getEffectiveLevel();
        return org.slf4j.event.Level.valueOf(level.toString());
    }
}
