package io.flashcheckout.local.rehearse;

import io.flashcheckout.local.throttle.PartitionThrottle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the embedded stack's queues and DynamoDB went through in a rehearsal: the emulated partition caps (when on)
 * and what they throttled, the queue workers' failed messages by cause, and every message left in a dead-letter
 * queue at the end, each traced to its cause: the workers' logged failures for that message, and the throttled
 * writes of its order. A dead letter counts as from throttling if either says so (a {@code Busy} failure, or any
 * throttled write of its order): the rehearsal's crowd sends nothing that can never succeed, so the target is 0.
 *
 * @param caps            the caps, described; null when the rehearsal ran without them
 * @param writesChecked   writes the throttle looked at
 * @param writesThrottled writes it answered as DynamoDB answers a partition over its cap (each SDK attempt counts)
 */
record QueueFindings(String caps, long writesChecked, long writesThrottled, Map<String, Long> throttledByKind,
                     Map<String, Long> workerFailures, List<String> otherWorkerLines, DeadLetters.Findings queues,
                     List<TracedLetter> letters) {

    /** A dead letter and what it met on its way. */
    record TracedLetter(DeadLetters.Letter letter, List<String> loggedCauses, long throttledWritesOfOrder) {
        boolean fromThrottling() {
            return loggedCauses.contains("Busy") || throttledWritesOfOrder > 0;
        }

        String describe() {
            DeadLetters.Letter l = letter;
            return l.queue() + " " + l.type() + " " + (l.orderId() != null ? "order " + l.orderId() : "refund " + l.refundId())
                    + " (message " + l.messageId() + ", " + l.receives() + " receives): worker failures " + loggedCauses
                    + ", throttled writes of its order " + throttledWritesOfOrder;
        }
    }

    static QueueFindings collect(String caps, PartitionThrottle throttle, WorkerFailures failures, DeadLetters.Findings queues) {
        List<TracedLetter> letters = new ArrayList<>();
        for (DeadLetters.Letter letter : queues.letters()) {
            WorkerFailures.MessageFailures logged = failures.of(letter.messageId());
            letters.add(new TracedLetter(letter, logged == null ? List.of() : List.copyOf(logged.causes()),
                    throttle == null || letter.orderId() == null ? 0 : throttle.throttledWritesOfOrder(letter.orderId())));
        }
        return new QueueFindings(caps, throttle == null ? 0 : throttle.checked(), throttle == null ? 0 : throttle.throttled(),
                throttle == null ? Map.of() : throttle.throttledByKind(), failures.counts(), failures.otherLines(), queues,
                List.copyOf(letters));
    }

    long deadLetters() {
        return queues.deadLetterCount();
    }

    /** Dead letters traced to throttling; those beyond the peeked ones are counted as such too (unknown cause). */
    long deadLettersFromThrottling() {
        long unseen = Math.max(0, deadLetters() - letters.size());
        return letters.stream().filter(TracedLetter::fromThrottling).count() + (caps == null ? 0 : unseen);
    }

    /** The rehearsal's crowd sends nothing hopeless: any dead letter is a defect. */
    boolean passed() {
        return deadLetters() == 0;
    }

    long busyFailures() {
        return workerFailures.entrySet().stream().filter(e -> e.getKey().endsWith(" Busy")).mapToLong(Map.Entry::getValue).sum();
    }
}
