package io.flashcheckout.local.rehearse;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.LoggerFactory;

/**
 * What the queue workers' batches ({@code QueueBatch}) logged about messages that failed, counted instead of printed
 * while the rehearsal runs: per queue and cause (the exception's simple name, e.g. {@code Busy}: a write DynamoDB
 * still throttled after the checkout's retries), which messages failed and how, and those sent on their way to the
 * dead-letter queue as hopeless. Reads the log lines' arguments, so it follows QueueBatch's two message patterns.
 */
final class WorkerFailures extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    static final String LOGGER = "io.flashcheckout.workers.QueueBatch";
    private static final int KEPT_LINES = 5;

    /** One message's failures: the causes in the order they were logged. */
    record MessageFailures(String queue, List<String> causes) {}

    private final Map<String, LongAdder> byQueueAndCause = new ConcurrentHashMap<>();
    private final Map<String, MessageFailures> byMessage = new ConcurrentHashMap<>();
    private final Set<String> hopeless = ConcurrentHashMap.newKeySet();
    private final List<String> otherLines = new ArrayList<>();
    private final Logger logger;
    private final boolean wasAdditive;

    private WorkerFailures(Logger logger) {
        this.logger = logger;
        this.wasAdditive = logger.isAdditive();
    }

    /** Counts QueueBatch's lines from now on; they no longer reach the console until {@link #close()}. */
    static WorkerFailures attach() {
        if (!(LoggerFactory.getLogger(LOGGER) instanceof Logger logback)) {
            throw new IllegalStateException("the worker failures are counted through logback, which is not the logger here");
        }
        WorkerFailures failures = new WorkerFailures(logback);
        failures.setContext(logback.getLoggerContext());
        failures.setName("rehearsal-worker-failures");
        failures.start();
        logback.addAppender(failures);
        logback.setAdditive(false);
        return failures;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String pattern = event.getMessage();
        Object[] args = event.getArgumentArray();
        if (pattern == null || args == null || args.length < 3) {
            other(event);
            return;
        }
        String queue = String.valueOf(args[0]);
        String messageId = String.valueOf(args[1]);
        String cause;
        if (pattern.startsWith("{} message {} failed")) {
            cause = causeOf(String.valueOf(args[args.length - 1]));
        } else if (pattern.startsWith("{} message {} cannot be handled")) {
            cause = "hopeless: " + args[2];
            hopeless.add(messageId);
        } else {
            other(event);
            return;
        }
        byQueueAndCause.computeIfAbsent(queue + " " + cause, k -> new LongAdder()).increment();
        byMessage.computeIfAbsent(messageId, id -> new MessageFailures(queue, new java.util.concurrent.CopyOnWriteArrayList<>()))
                .causes().add(cause);
    }

    /** {@code io.flashcheckout.checkout.CheckoutException$Busy: the store is busy ...} -> {@code Busy}. */
    static String causeOf(String exception) {
        int colon = exception.indexOf(':');
        String type = colon < 0 ? exception : exception.substring(0, colon);
        return type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
    }

    private synchronized void other(ILoggingEvent event) {
        byQueueAndCause.computeIfAbsent("other lines", k -> new LongAdder()).increment();
        if (otherLines.size() < KEPT_LINES) {
            otherLines.add(event.getFormattedMessage());
        }
    }

    /** "hold-expiry Busy" -> count, sorted. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        byQueueAndCause.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** What was logged about one message (by its SQS message id); null if nothing. */
    MessageFailures of(String messageId) {
        return byMessage.get(messageId);
    }

    synchronized List<String> otherLines() {
        return List.copyOf(otherLines);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setAdditive(wasAdditive);
        stop();
    }
}
