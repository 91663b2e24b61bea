package io.flashcheckout.queue;

import java.util.Map;

/** How many messages wait in each dead-letter queue (approximate, as the queue service counts them). */
public interface DeadLetterDepths {
    /** Queue base name (e.g. {@code refunds-dlq}) to messages waiting, in {@link QueueNames} order; a queue that could not be read is absent. */
    Map<String, Long> depths();
}
