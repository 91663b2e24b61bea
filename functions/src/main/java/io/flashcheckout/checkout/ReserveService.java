package io.flashcheckout.checkout;

import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardPicker;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.store.ReserveOutcome;
import io.flashcheckout.store.SaleStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserve: one transaction per shard tried (shard decrement, customer count, order put if absent), shards from
 * a random one on, sold out only when every shard is empty; then a sold-out mark answers later shoppers
 * without touching the shards. A new reservation schedules its hold's end on the hold-expiry queue.
 */
public final class ReserveService {
    private static final Logger LOG = LoggerFactory.getLogger(ReserveService.class);
    private final SaleStore sales;
    private final OrderStore orders;
    private final SaleLookup lookup;
    private final ShardPicker shards;
    private final Duration soldOutMarkLifetime;
    private final CheckoutQueues queues;
    private final CheckoutMetrics metrics;
    private final Clock clock;

    public ReserveService(SaleStore sales, OrderStore orders, SaleLookup lookup, ShardPicker shards,
                          CheckoutSettings settings, CheckoutQueues queues, CheckoutMetrics metrics, Clock clock) {
        this.sales = sales;
        this.orders = orders;
        this.lookup = lookup;
        this.shards = shards;
        this.soldOutMarkLifetime = settings.soldOutMarkLifetime();
        this.queues = queues;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Reservation reserve(String saleId, Requester shopper, long quantity, String idempotencyKey) {
        if (!OrderIds.isValidKey(idempotencyKey)) {
            throw new CheckoutException.InvalidInput("Idempotency-Key must be 8-255 visible ASCII characters");
        }
        if (quantity < 1 || quantity > NewSale.MAX_PER_CUSTOMER_LIMIT) {
            throw new CheckoutException.InvalidInput("quantity must be between 1 and " + NewSale.MAX_PER_CUSTOMER_LIMIT);
        }
        if (saleId == null || !NewSale.SLUG.matcher(saleId).matches()) {
            throw new CheckoutException.NotFound("no sale " + saleId);
        }
        Sale sale = lookup.find(saleId).orElseThrow(() -> new CheckoutException.NotFound("no sale " + saleId));
        Instant now = clock.instant();
        String orderId = OrderIds.of(shopper.customerId(), idempotencyKey);
        String requestHash = Order.requestHash(saleId, (int) quantity);
        // An earlier request with the same key may have succeeded (before a reopen moved the window, say): every
        // refusal below answers it instead.
        if (now.isBefore(sale.opensAt())) {
            return earlier(orderId, requestHash).orElseThrow(() ->
                    new CheckoutException.SaleNotOpen("sale " + saleId + " opens at " + sale.opensAt()));
        }
        if (!now.isBefore(sale.closesAt())) {
            return earlier(orderId, requestHash).orElseThrow(() ->
                    new CheckoutException.SaleNotOpen("sale " + saleId + " closed at " + sale.closesAt()));
        }
        if (quantity > sale.perCustomerLimit()) {
            return earlier(orderId, requestHash).orElseThrow(() -> limitReached(sale));
        }
        if (sale.markedSoldOut(now, soldOutMarkLifetime)) {
            return earlier(orderId, requestHash).orElseThrow(() -> soldOut(sale));
        }
        return tryShards(sale, Order.reserve(orderId, sale, shopper.customerId(), (int) quantity, 0, now), now);
    }

    private Reservation tryShards(Sale sale, Order order, Instant now) {
        long mostSeen = 0;
        for (int shard : shards.order(sale, now)) {
            Order attempt = order.onShard(shard);
            switch (orders.reserve(sale, attempt)) {
                case ReserveOutcome.Reserved reserved -> {
                    scheduleExpiry(reserved.order(), now);
                    metrics.count(CheckoutEvent.RESERVED);
                    return new Reservation(reserved.order(), false);
                }
                case ReserveOutcome.Duplicate duplicate -> {
                    return replay(duplicate.existing(), order.requestHash());
                }
                case ReserveOutcome.OverLimit ignored -> throw limitReached(sale);
                case ReserveOutcome.ShardShort shortShard -> {
                    shards.sawShort(sale, shard, now);
                    mostSeen = Math.max(mostSeen, shortShard.available());
                }
            }
        }
        if (mostSeen == 0) {
            sales.markSoldOut(sale, now);
            lookup.forget(sale.saleId());
            throw soldOut(sale);
        }
        metrics.count(CheckoutEvent.SOLD_OUT);
        throw new CheckoutException.SoldOut("fewer than " + order.quantity() + " units are left in sale " + sale.saleId());
    }

    /** A lost message is not lost work: the sweeper finds holds past their end through the orders' due index. */
    private void scheduleExpiry(Order order, Instant now) {
        try {
            queues.scheduleExpiry(HoldExpiryMessage.of(order.orderId(), order.holdExpiresAt()),
                    Duration.between(now, order.holdExpiresAt()));
        } catch (CheckoutQueues.QueueSendException e) {
            LOG.warn("hold expiry of order {} not scheduled; the sweeper will end it: {}", order.orderId(), e.getMessage());
        }
    }

    private Optional<Reservation> earlier(String orderId, String requestHash) {
        return orders.find(orderId).map(existing -> replay(existing, requestHash));
    }

    private static Reservation replay(Order existing, String requestHash) {
        if (!existing.requestHash().equals(requestHash)) {
            throw new CheckoutException.IdempotencyConflict(
                    "this Idempotency-Key was used for another request (order " + existing.orderId() + ")");
        }
        return new Reservation(existing, true);
    }

    private CheckoutException limitReached(Sale sale) {
        metrics.count(CheckoutEvent.LIMIT_REACHED);
        return new CheckoutException.LimitReached(
                "sale " + sale.saleId() + " allows " + sale.perCustomerLimit() + " unit(s) per customer");
    }

    private CheckoutException soldOut(Sale sale) {
        metrics.count(CheckoutEvent.SOLD_OUT);
        return new CheckoutException.SoldOut("sale " + sale.saleId() + " is sold out");
    }
}
