package io.flashcheckout.checkout;

import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardPicker;
import io.flashcheckout.stock.SoldOutMark;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.store.SaleStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The paths that give stock back: a cancel (by the shopper or an admin) and the end of a hold. Each is one
 * transaction over the order, its shard and the customer's count, plus the refund record when money is owed.
 */
public final class ReleaseService {
    private static final int MAX_ROUNDS = 5;
    private static final int MAX_REASON = 500;

    private final OrderStore orders;
    private final OrderLookup lookup;
    private final SaleLookup saleLookup;
    private final ShardPicker shards;
    private final CheckoutMetrics metrics;
    private final Clock clock;
    private final SoldOutMark soldOut;

    public ReleaseService(SaleStore sales, OrderStore orders, SaleLookup saleLookup,
                          ShardPicker shards, CheckoutMetrics metrics, Clock clock) {
        this.orders = orders;
        this.lookup = new OrderLookup(orders);
        this.saleLookup = saleLookup;
        this.shards = shards;
        this.metrics = metrics;
        this.clock = clock;
        this.soldOut = new SoldOutMark(sales, saleLookup, clock);
    }

    /** A cancel's reason (kept on the order, the refund and finance's record): short and printable, or none. */
    public static void requireValidReason(String reason) {
        if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl))) {
            throw new CheckoutException.InvalidInput("reason must be at most " + MAX_REASON + " printable characters");
        }
    }

    /**
     * RESERVED -> CANCELLED, or PAID -> REFUND_PENDING with a refund record. An order already cancelled is
     * answered as it is.
     */
    public Order cancel(String orderId, Requester requester, String reason) {
        requireValidReason(reason);
        String why = reason == null || reason.isBlank() ? (requester.admin() ? "cancelled by admin" : "cancelled by customer") : reason;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Order order = lookup.get(orderId, requester);
            Instant now = clock.instant();
            switch (order.status()) {
                case CANCELLED, REFUND_PENDING, REFUNDED -> {
                    return order;
                }
                case PAYING -> throw new CheckoutException.NotCancellable("order " + orderId + " is being paid");
                case EXPIRED -> throw new CheckoutException.NotCancellable("the hold on order " + orderId + " ended");
                case RESERVED -> {
                    Order cancelled = order.cancelled(why, null, now);
                    if (orders.release(order, cancelled, null, null)) {
                        metrics.count(CheckoutEvent.CANCELLED);
                        return released(cancelled);
                    }
                }
                case PAID -> {
                    Refund refund = Refund.owedFor(order, order.chargeId(), why, now);
                    Order cancelled = order.cancelled(why, refund.refundId(), now);
                    if (orders.release(order, cancelled, refund, null)) {
                        metrics.count(CheckoutEvent.REFUND_REQUESTED);
                        return released(cancelled);
                    }
                }
            }
        }
        throw new CheckoutException.NotCancellable("order " + orderId + " kept changing; try again");
    }

    /**
     * Ends a hold: RESERVED past its expiry -> EXPIRED. Anything else (paid, cancelled, not due yet) is left as it
     * is, so a duplicate or early expiry message changes nothing.
     */
    public Expiry expire(String orderId) {
        if (!OrderIds.isWellFormed(orderId)) {
            throw new CheckoutException.NotFound("no order " + orderId);
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Order order = orders.find(orderId).orElseThrow(() -> new CheckoutException.NotFound("no order " + orderId));
            Instant now = clock.instant();
            if (order.status() != OrderStatus.RESERVED || !order.holdEndedAt(now)) {
                return new Expiry(order, false);
            }
            Optional<Order> expired = releaseAsExpired(order, now);
            if (expired.isPresent()) {
                metrics.count(CheckoutEvent.HOLD_EXPIRED);
                return new Expiry(expired.get(), true);
            }
        }
        throw new IllegalStateException("order " + orderId + " kept changing while it expired");
    }

    public record Expiry(Order order, boolean expired) {}

    /**
     * PAYING -> EXPIRED for an attempt that charged nothing, once the hold is over (checkout recovery).
     *
     * @return false when the order moved on meanwhile; nothing was written
     */
    public boolean expireUnpaid(Order paying) {
        return releaseAsExpired(paying, clock.instant()).isPresent();
    }

    /** The order as EXPIRED, its units returned, if its hold ended by {@code now} and it did not move on meanwhile. */
    private Optional<Order> releaseAsExpired(Order order, Instant now) {
        Order expired = order.expired(now);
        return orders.release(order, expired, null, now) ? Optional.of(released(expired)) : Optional.empty();
    }

    /** The units are back on the order's shard: this process tries it again, and a sold-out mark made before goes. */
    private Order released(Order order) {
        saleLookup.find(order.saleId()).ifPresent(sale -> shards.sawStock(sale, order.shard()));
        soldOut.unitsBack(order.saleId(), order.shard());
        return order;
    }
}
