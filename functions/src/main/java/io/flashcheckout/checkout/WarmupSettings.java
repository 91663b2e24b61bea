package io.flashcheckout.checkout;

import java.time.Duration;

/**
 * How a scheduled sale is pre-warmed.
 *
 * @param lead    how long before a sale opens its capacity should be ready (provisioned concurrency takes minutes
 *                to allocate)
 * @param longest the most a warm window lasts from the opening, whatever the sale's closing: warm capacity is billed
 *                for as long as it stands, and a flash sale's rush is its first minutes
 * @param notice  the soonest a schedule may start from now (a one-time schedule must lie in the future); a sale
 *                that opens within its lead, or is open already, is warmed from then
 */
public record WarmupSettings(Duration lead, Duration longest, Duration notice) {

    public WarmupSettings {
        if (lead.isNegative() || !longest.isPositive() || notice.isNegative()) {
            throw new IllegalArgumentException("a warm-up needs a lead >= 0, a longest window > 0 and a notice >= 0");
        }
    }

    public static WarmupSettings defaults() {
        return new WarmupSettings(Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofMinutes(1));
    }
}
