package io.flashcheckout.local.rehearse;

import java.util.function.Supplier;

/**
 * How a storefront sends a call again, with the same Idempotency-Key: after {@code 503 busy} (nothing was written)
 * once its {@code Retry-After: 1} passed, about 10 s in all; after no answer or another 5xx a few times at once.
 */
final class StorefrontRetries {
    private static final int ATTEMPTS_AFTER_FAILURE = 3;
    private static final int ATTEMPTS_AFTER_BUSY = 10;
    private static final long BUSY_RETRY_AFTER_MILLIS = 1_000;

    private StorefrontRetries() {
    }

    /** A reservation: sent again while busy, no answer or a 5xx comes back (its key makes a repeat find its order). */
    static Answer untilAnswered(Supplier<Answer> call) {
        Answer answer = call.get();
        int failures = 0;
        int busy = 0;
        while (answer.is("busy") ? busy++ < ATTEMPTS_AFTER_BUSY : (answer.status() == 0 || answer.status() >= 500)
                && failures++ < ATTEMPTS_AFTER_FAILURE) {
            if (answer.is("busy") && !waitedRetryAfter()) {
                return answer;
            }
            answer = call.get();
        }
        return answer;
    }

    /** A pay or cancel: sent again only after {@code 503 busy}. */
    static Answer whileBusy(Supplier<Answer> call) {
        Answer answer = call.get();
        for (int attempt = 0; attempt < ATTEMPTS_AFTER_BUSY && answer.is("busy") && waitedRetryAfter(); attempt++) {
            answer = call.get();
        }
        return answer;
    }

    private static boolean waitedRetryAfter() {
        try {
            Thread.sleep(BUSY_RETRY_AFTER_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
