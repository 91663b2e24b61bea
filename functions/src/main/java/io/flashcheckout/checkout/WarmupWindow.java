package io.flashcheckout.checkout;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When a sale's steps should have capacity ready: from {@code warmAt} (a lead before it opens) to {@code coolAt}
 * (when it closes, or earlier: a flash sale's rush is its first minutes, and warm capacity is paid for while it
 * stands). Both on whole seconds, as a one-time schedule takes them.
 */
public record WarmupWindow(Instant warmAt, Instant coolAt) {

    /**
     * The window for a sale open from {@code opensAt} to {@code closesAt}, seen at {@code now}; empty when there is
     * nothing left to warm (the window would end before it could start).
     */
    public static Optional<WarmupWindow> of(Instant opensAt, Instant closesAt, Instant now, WarmupSettings settings) {
        Instant earliest = now.plus(settings.notice());
        Instant warmAt = latest(opensAt.minus(settings.lead()), earliest);
        Instant coolAt = earliestOf(closesAt, opensAt.plus(settings.longest()));
        Instant warm = ceilSeconds(warmAt);
        Instant cool = ceilSeconds(coolAt);
        return warm.isBefore(cool) ? Optional.of(new WarmupWindow(warm, cool)) : Optional.empty();
    }

    public Duration length() {
        return Duration.between(warmAt, coolAt);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliestOf(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant ceilSeconds(Instant instant) {
        Instant whole = instant.truncatedTo(ChronoUnit.SECONDS);
        return whole.equals(instant) ? whole : whole.plusSeconds(1);
    }
}
