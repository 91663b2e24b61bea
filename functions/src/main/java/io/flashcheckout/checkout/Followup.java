package io.flashcheckout.checkout;

import java.time.Duration;

/** What a queue message asks of its sender after it was handled. */
public sealed interface Followup {
    Followup DONE = new Done();

    /** Nothing more to do: delete the message. */
    record Done() implements Followup {}

    /** Not yet decidable: look again after {@code after} (a new, delayed message). */
    record Later(Duration after) implements Followup {}

    static Followup later(Duration after) {
        Duration oneSecondAtLeast = after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after;
        return new Later(oneSecondAtLeast);
    }
}
