package io.flashcheckout.checkout;

import java.time.Duration;

/**
 * Tuning of the checkout core.
 *
 * @param saleCacheTtl        how long a process trusts its copy of a sale (definition and sold-out mark); it
 *                            keeps a hot sale item from taking one read per reserve
 * @param soldOutMarkLifetime how long a sold-out mark is believed without probing the shards again: the most
 *                            that units returned by a release whose mark clearing was lost stay unsold
 * @param emptyShardHintTtl   how long a shard seen empty is tried last by this process
 */
public record CheckoutSettings(Duration saleCacheTtl, Duration soldOutMarkLifetime, Duration emptyShardHintTtl) {

    public static CheckoutSettings defaults() {
        return new CheckoutSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1));
    }
}
