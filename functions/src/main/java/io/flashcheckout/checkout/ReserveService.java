package io.flashcheckout.checkout;

import io.flashcheckout.admission.AdmissionGate;
import io.flashcheckout.channels.PoolReserve;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardPicker;
import io.flashcheckout.stock.ShardSplit;
import io.flashcheckout.stock.SoldOutMark;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.store.ReserveOutcome;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.store.ShardTake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reserve: one transaction per shard tried (shard decrement, customer count, order put if absent), shards from
 * a random one on, moving on from a shard that is short or whose partition is at its write rate (throttled: answered
 * busy only when every shard was); when no shard alone has the quantity, one transaction taking it from several. Sold out only
 * when the shards hold fewer units than asked, and when every shard is empty a sold-out mark answers later
 * shoppers without touching the shards; once this process has seen the sale run short, one read of the shards plans
 * each later take ({@link LastUnits}). The transaction is all a reservation writes and all it does: its hold's end
 * is scheduled from the orders table's stream ({@link OrderRelay}).
 */
public final class ReserveService {
    /** Transactions on several shards tried, after every shard alone was short, before answering busy. */
    private static final int SPLIT_ATTEMPTS = 5;
    private final SaleStore sales;
    private final OrderStore orders;
    private final SaleLookup lookup;
    private final ShardPicker shards;
    private final Duration soldOutMarkLifetime;
    private final CheckoutMetrics metrics;
    private final Clock clock;
    private final AdmissionGate admission;
    private final LastUnits lastUnits = new LastUnits();
    private final PoolReserve pools;
    private final SoldOutMark soldOut;

    public ReserveService(SaleStore sales, OrderStore orders, SaleLookup lookup, ShardPicker shards,
                          CheckoutSettings settings, CheckoutMetrics metrics, Clock clock) {
        this(sales, orders, lookup, shards, settings, metrics, clock, AdmissionGate.none());
    }

    public ReserveService(SaleStore sales, OrderStore orders, SaleLookup lookup, ShardPicker shards,
                          CheckoutSettings settings, CheckoutMetrics metrics, Clock clock, AdmissionGate admission) {
        this.admission = admission;
        this.sales = sales;
        this.orders = orders;
        this.lookup = lookup;
        this.shards = shards;
        this.soldOutMarkLifetime = settings.soldOutMarkLifetime();
        this.metrics = metrics;
        this.clock = clock;
        this.soldOut = new SoldOutMark(sales, lookup, clock);
        this.pools = new PoolReserve(sales, orders, shards, soldOutMarkLifetime, soldOut);
    }

    public Reservation reserve(String saleId, Requester shopper, long quantity, String idempotencyKey) {
        return reserve(saleId, shopper, quantity, idempotencyKey, null, Signals.NONE);
    }

    /**
     * @param admissionToken the waiting room's token (the {@code Admission-Token} header); required, and checked, only
     *                       on a sale with a waiting room
     * @param seen           what the checkout saw of the caller, kept on a new order for review
     */
    public Reservation reserve(String saleId, Requester shopper, long quantity, String idempotencyKey,
                               String admissionToken, Signals seen) {
        if (!OrderIds.isValidKey(idempotencyKey)) {
            throw new CheckoutException.InvalidInput("Idempotency-Key must be 8-255 visible ASCII characters");
        }
        if (quantity < 1 || quantity > NewSale.MAX_PER_CUSTOMER_LIMIT) {
            throw new CheckoutException.InvalidInput("quantity must be between 1 and " + NewSale.MAX_PER_CUSTOMER_LIMIT);
        }
        Sale sale = lookup.get(saleId);
        seen = PoolReserve.bind(sale, shopper, seen);
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
        if (sale.queued()) {
            try {
                admission.check(sale, shopper, admissionToken, now);
            } catch (CheckoutException.AdmissionRequired refused) {
                return earlier(orderId, requestHash).orElseThrow(() -> refused);
            }
        }
        if (quantity > sale.perCustomerLimit()) {
            return earlier(orderId, requestHash).orElseThrow(() -> limitReached(sale));
        }
        if (sale.markedSoldOut(now, soldOutMarkLifetime)) {
            lastUnits.ranShort(sale);
            return earlier(orderId, requestHash).orElseThrow(() -> soldOut(sale));
        }
        try {
            if (sale.pooled()) {
                return reserveFromPools(sale, Order.reserve(orderId, sale, shopper.customerId(), (int) quantity, 0, now, seen), now);
            }
            return tryShards(sale, Order.reserve(orderId, sale, shopper.customerId(), (int) quantity, 0, now, seen), now);
        } catch (CheckoutException.SoldOut soldOut) {
            // planned from a read, no transaction may have met the earlier order: a replayed key still gets it
            return earlier(orderId, requestHash).orElseThrow(() -> soldOut);
        } catch (CheckoutException.Busy busy) {
            // the hot shards refused the write; a retried request still finds the order its first try made
            admission.busy(sale, now);
            return earlier(orderId, requestHash).orElseThrow(() -> busy);
        }
    }

    /** Counts a pooled sold-out answer; {@link #reserve} looks for the order a retried key made before answering it. */
    private Reservation reserveFromPools(Sale sale, Order order, Instant now) {
        try {
            return settled(sale, pools.reserve(sale, order, now, lastUnits.reached(sale)), order.requestHash(), now);
        } catch (CheckoutException.SoldOut soldOut) {
            metrics.count(CheckoutEvent.SOLD_OUT);
            throw soldOut;
        }
    }

    private Reservation tryShards(Sale sale, Order order, Instant now) {
        if (lastUnits.reached(sale)) {
            Map<Integer, Long> seen = shardsNow(sale, now);
            ShardSplit split = ShardSplit.largestFirst(seen, order.quantity(), OrderStore.MAX_SHARDS_PER_RESERVE);
            if (!split.covers()) {
                throw notEnough(sale, order, split, seen.size(), now);
            }
            return lastUnits.inTurn(sale, () -> takeFromSeveral(sale, order, shardsNow(sale, now), now));
        }
        Map<Integer, Long> seen = new LinkedHashMap<>();
        boolean throttled = false;
        for (int shard : shards.order(sale, now)) {
            ReserveOutcome outcome = orders.reserve(sale, order.onShard(shard), List.of(new ShardTake(shard, order.quantity())));
            if (outcome instanceof ReserveOutcome.Throttled) {
                // that shard's partition is at its write rate: another shard's may not be
                throttled = true;
                continue;
            }
            if (!(outcome instanceof ReserveOutcome.ShardsShort shortShard)) {
                if (outcome instanceof ReserveOutcome.Reserved && (!seen.isEmpty() || shards.sawAnyShort(sale, 0, sale.shards(), now))) {
                    // near the end (shards seen short): this take may have emptied the shelf
                    soldOut.afterTakingFrom(sale, shard);
                }
                return settled(sale, outcome, order.requestHash(), now);
            }
            shards.sawShort(sale, shard, now);
            seen.putAll(shortShard.available());
        }
        if (throttled) {
            throw busyShards(sale);
        }
        return takeFromSeveral(sale, order, seen, now);
    }

    /**
     * No shard alone had the quantity: one transaction takes it from several, the fullest first, while the shards as
     * last seen hold enough. If a shard changed meanwhile the transaction is cancelled; the shards are read again
     * (one batch read: learning them one cancelled transaction at a time took up to 20 of them near the end of a
     * sale) and it is planned again. The reads only plan: the transaction's conditions decide.
     */
    private Reservation takeFromSeveral(Sale sale, Order order, Map<Integer, Long> seen, Instant now) {
        for (int attempt = 0; attempt < SPLIT_ATTEMPTS; attempt++) {
            ShardSplit split = ShardSplit.largestFirst(seen, order.quantity(), OrderStore.MAX_SHARDS_PER_RESERVE);
            if (!split.covers()) {
                throw notEnough(sale, order, split, seen.size(), now);
            }
            Order attempted = order.onShard(split.takes().getFirst().shard());
            ReserveOutcome outcome = orders.reserve(sale, attempted, split.takes());
            if (!(outcome instanceof ReserveOutcome.ShardsShort)) {
                if (outcome instanceof ReserveOutcome.Reserved && split.left() == order.quantity()) {
                    soldOut.afterEmptying(sale, null);
                }
                return settled(sale, outcome, order.requestHash(), now);
            }
            seen = shardsNow(sale, now);
        }
        throw new CheckoutException.Busy("the shards of sale " + sale.saleId() + " kept changing; try again", null);
    }

    /** Every shard's units, in the order a reserve tries them (ties in a plan follow it, spreading shoppers out). */
    private Map<Integer, Long> shardsNow(Sale sale, Instant now) {
        long[] units = sales.shardStock(sale);
        Map<Integer, Long> seen = new LinkedHashMap<>();
        for (int shard : shards.order(sale, now)) {
            seen.put(shard, units[shard]);
        }
        return seen;
    }

    /** Anything but short shards: the reservation made, the earlier one found, or the limit. */
    private Reservation settled(Sale sale, ReserveOutcome outcome, String requestHash, Instant now) {
        return switch (outcome) {
            case ReserveOutcome.Reserved reserved -> {
                metrics.count(CheckoutEvent.RESERVED);
                yield new Reservation(reserved.order(), false);
            }
            case ReserveOutcome.Duplicate duplicate -> replay(duplicate.existing(), requestHash);
            case ReserveOutcome.OverLimit ignored -> throw limitReached(sale);
            case ReserveOutcome.Throttled ignored -> throw busyShards(sale);
            case ReserveOutcome.ShardsShort shortShards -> throw new IllegalArgumentException("not settled: " + shortShards);
        };
    }

    private static CheckoutException busyShards(Sale sale) {
        return new CheckoutException.Busy("the shards of sale " + sale.saleId() + " are at their write rate; try again", null);
    }

    private CheckoutException notEnough(Sale sale, Order order, ShardSplit split, int shardsSeen, Instant now) {
        if (shardsSeen == sale.shards()) {
            lastUnits.ranShort(sale);
        }
        if (split.left() == 0 && shardsSeen == sale.shards()) {
            soldOut.mark(sale);
            return soldOut(sale);
        }
        metrics.count(CheckoutEvent.SOLD_OUT);
        if (split.left() < order.quantity()) {
            return new CheckoutException.SoldOut("only " + split.left() + (split.left() == 1 ? " unit is" : " units are")
                    + " left in sale " + sale.saleId());
        }
        return new CheckoutException.SoldOut(split.left() + " units are left in sale " + sale.saleId()
                + ", spread over more shards than one order can take from: ask for at most " + split.takeable());
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
