package io.flashcheckout.workers;

/** One queue's work on one message body. Returning means done (the message is deleted); throwing fails it. */
@FunctionalInterface
public interface MessageWork {
    void handle(String body);
}
