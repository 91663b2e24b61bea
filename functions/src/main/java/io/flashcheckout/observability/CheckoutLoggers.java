package io.flashcheckout.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

import java.util.Locale;
import java.util.Map;

import org.slf4j.LoggerFactory;

/**
 * The level of the checkout's own loggers ({@value #CHECKOUT}), the one level an operator turns: from
 * {@code AWS_LAMBDA_LOG_LEVEL} (Lambda sets it from the function's {@code LoggingConfig.ApplicationLogLevel}), else
 * {@code POWERTOOLS_LOG_LEVEL} (the name the functions read before, kept so existing settings still work), else INFO.
 * The SDK's and the libraries' loggers stay at WARN whatever it says, so a DEBUG function shows the checkout's
 * decisions without every HTTP frame.
 */
public final class CheckoutLoggers {
    public static final String CHECKOUT = "io.flashcheckout";

    private CheckoutLoggers() {}

    /** The level the environment asks for; a value that names no level is INFO, not an error at start. */
    public static Level levelFrom(Map<String, String> environment) {
        for (String variable : new String[] {"AWS_LAMBDA_LOG_LEVEL", "POWERTOOLS_LOG_LEVEL"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                // logback has no FATAL; Lambda's FATAL means "errors only"
                String name = value.trim().toUpperCase(Locale.ROOT);
                return name.equals("FATAL") ? Level.ERROR : Level.toLevel(name, Level.INFO);
            }
        }
        return Level.INFO;
    }

    /** The checkout loggers' level now (INFO where the binding is not logback). */
    public static Level level() {
        return checkout() instanceof Logger logger ? logger.getEffectiveLevel() : Level.INFO;
    }

    /** Sets the checkout loggers' level; the libraries' loggers keep theirs. */
    public static void setLevel(Level level) {
        if (checkout() instanceof Logger logger) {
            logger.setLevel(level);
        }
    }

    private static org.slf4j.Logger checkout() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                ? context.getLogger(CHECKOUT) : LoggerFactory.getLogger(CHECKOUT);
    }
}
