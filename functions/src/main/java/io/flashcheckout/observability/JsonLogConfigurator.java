package io.flashcheckout.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The functions' logging, configured in code (found by logback through {@code META-INF/services}): one JSON object
 * per line on standard output (logback's {@link JsonEncoder}: the formatted message, the level, the logger, the MDC
 * with {@code saleId} / {@code orderId} / {@code customerId} and the invocation's fields), the checkout's loggers at
 * {@link CheckoutLoggers}' level and every other logger at WARN. In code, not {@code logback.xml}: logback's XML
 * configurator (Joran) is about 200 classes a function loaded at every cold start to read 20 lines.
 *
 * <p>A {@code logback.configurationFile} system property, or a {@code logback-test.xml} / {@code logback.xml} on the
 * class path (the local tool's, the tests'), still wins: this configurator then leaves the work to logback's own.
 */
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = JsonLogConfigurator.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        applyTo(context, CheckoutLoggers.levelFrom(System.getenv()));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The functions' configuration on {@code context}, the checkout's loggers at {@code checkoutLevel}. */
    public static void applyTo(LoggerContext context, Level checkoutLevel) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.start();

        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stdout);
        context.getLogger(CheckoutLoggers.CHECKOUT).setLevel(checkoutLevel);
    }
}
