package io.flashcheckout.checkout;

import java.time.Duration;

/**
 * Timing of the queue work that finishes what a crash left open.
 *
 * @param paymentGrace how long after a payment attempt starts recovery may decide it: longer than the pay function
 *                     can live (its timeout), so a charge still on its way is never taken for "nothing charged"
 * @param relayGrace   how old a PENDING refund must be before the sweeper sends it again: the stream relay normally
 *                     sends it within seconds
 * @param sweepBatch   the most orders (and refunds) of each kind one sweep re-enqueues
 * @param resweepAfter how long the sweeper leaves alone what it re-sent before it may send it again
 */
public record RecoverySettings(Duration paymentGrace, Duration relayGrace, int sweepBatch, Duration resweepAfter) {

    public static RecoverySettings defaults() {
        return new RecoverySettings(Duration.ofSeconds(60), Duration.ofMinutes(5), 500, Duration.ofMinutes(15));
    }
}
