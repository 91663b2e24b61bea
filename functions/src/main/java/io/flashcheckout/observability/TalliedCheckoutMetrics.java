package io.flashcheckout.observability;

import io.flashcheckout.checkout.CheckoutEvent;
import io.flashcheckout.checkout.CheckoutMetrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The checkout's counts kept in memory, for where there is no CloudWatch to send them to: the embedded stack and
 * the tests, where many requests run at once.
 */
public final class TalliedCheckoutMetrics implements CheckoutMetrics {
    private final AtomicLongArray counts = new AtomicLongArray(CheckoutEvent.values().length);

    @Override
    public void count(CheckoutEvent event, long times) {
        counts.addAndGet(event.ordinal(), times);
    }

    public long counted(CheckoutEvent event) {
        return counts.get(event.ordinal());
    }

    /** Every event counted so far, by event; events never counted are left out. */
    public Map<CheckoutEvent, Long> tally() {
        Map<CheckoutEvent, Long> tally = new EnumMap<>(CheckoutEvent.class);
        for (CheckoutEvent event : CheckoutEvent.values()) {
            long n = counted(event);
            if (n > 0) {
                tally.put(event, n);
            }
        }
        return tally;
    }
}
