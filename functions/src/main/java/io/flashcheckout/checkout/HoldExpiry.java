package io.flashcheckout.checkout;

import io.flashcheckout.queue.HoldExpiryMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ends holds. The message lives until its order no longer holds stock unpaid: a hold that is not over yet (an early
 * or re-sent message) is looked at again when it ends; an order being paid is looked at again after the payment
 * grace, since a decline returns it to RESERVED, possibly after its hold ended.
 */
public final class HoldExpiry {
    private final ReleaseService release;
    private final RecoverySettings settings;
    private final Clock clock;

    public HoldExpiry(ReleaseService release, RecoverySettings settings, Clock clock) {
        this.release = release;
        this.settings = settings;
        this.clock = clock;
    }

    public Followup handle(HoldExpiryMessage message) {
        ReleaseService.Expiry expiry = release.expire(message.orderId());
        if (expiry.expired()) {
            return Followup.DONE;
        }
        Order order = expiry.order();
        Instant now = clock.instant();
        return switch (order.status()) {
            case RESERVED -> Followup.later(Duration.between(now, order.holdExpiresAt()));
            // once recovery has had its chance, a stuck payment is the sweeper's: it finds RESERVED past the hold
            case PAYING -> now.isAfter(order.updatedAt().plus(settings.paymentGrace().multipliedBy(2)))
                    ? Followup.DONE : Followup.later(settings.paymentGrace());
            default -> Followup.DONE;
        };
    }
}
