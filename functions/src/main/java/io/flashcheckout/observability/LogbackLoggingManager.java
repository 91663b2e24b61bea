package io.flashcheckout.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Powertools logging's hook into logback (found through {@code META-INF/services}), which lets
 * {@code POWERTOOLS_LOG_LEVEL} and debug sampling set the level. Powertools ships one as
 * {@code powertools-logging-logback}, which is not served by the registry these builds use.
 */
public final class LogbackLoggingManager implements LoggingManager {

    @Override
    public void setLogLevel(org.slf4j.event.Level level) {
        Level logback = Level.toLevel(level.toString());
        LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        loggers.getLoggerList().forEach(logger -> logger.setLevel(logback));
    }

    @Override
    public org.slf4j.event.Level getLogLevel(Logger logger) {
        Level level = ((ch.qos.logback.classic.Logger) logger).getEffectiveLevel();
        return org.slf4j.event.Level.valueOf(level.toString());
    }
}
