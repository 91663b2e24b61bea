package io.flashcheckout.checkout;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-warms a scheduled sale: works out its warm window ({@link WarmupWindow}) and has {@link WarmCapacity} schedule
 * it. The sale is the truth and the warm-up only helps it, so a warm-up that could not be scheduled never fails the
 * create or reopen that asked for it: it is logged and counted ({@link CheckoutEvent#WARMUP_NOT_SCHEDULED}); sending
 * the same create again (answered 200) or reopening schedules it again.
 */
public final class SaleWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(SaleWarmup.class);

    /** What became of a sale's warm-up. */
    public enum Outcome { SCHEDULED, NOTHING_TO_WARM, OFF, NOT_SCHEDULED }

    private final WarmCapacity capacity;
    private final WarmupSettings settings;
    private final CheckoutMetrics metrics;
    private final Clock clock;

    public SaleWarmup(WarmCapacity capacity, WarmupSettings settings, CheckoutMetrics metrics, Clock clock) {
        this.capacity = capacity;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    public static SaleWarmup off() {
        return new SaleWarmup(WarmCapacity.NONE, WarmupSettings.defaults(), (event, times) -> { }, Clock.systemUTC());
    }

    public Outcome prepare(Sale sale) {
        if (!capacity.enabled()) {
            return Outcome.OFF;
        }
        Optional<WarmupWindow> window = WarmupWindow.of(sale.opensAt(), sale.closesAt(), clock.instant(), settings);
        try {
            if (window.isEmpty()) {
                capacity.cancel(sale.saleId());
                return Outcome.NOTHING_TO_WARM;
            }
            capacity.schedule(sale.saleId(), window.get());
            LOG.info("sale {} warm from {} to {}", sale.saleId(), window.get().warmAt(), window.get().coolAt());
            return Outcome.SCHEDULED;
        } catch (RuntimeException e) {
            metrics.count(CheckoutEvent.WARMUP_NOT_SCHEDULED);
            LOG.warn("sale {}: its warm-up was not scheduled (the sale stands; create or reopen it again to retry): {}",
                    sale.saleId(), e.toString());
            return Outcome.NOT_SCHEDULED;
        }
    }
}
