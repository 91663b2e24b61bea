package io.flashcheckout.store;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.checkout.Sale;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Orders, the per-customer counts and refund records: every write is conditional on what the caller read. */
public interface OrderStore {

    /**
     * The most shards one reserve may take from: a store transaction holds 100 items, and the customer's count and
     * the order are two of them.
     */
    int MAX_SHARDS_PER_RESERVE = 98;

    /**
     * The reserve transaction: take {@code take.units()} from each shard in {@code takes} if that shard has at least
     * as many (one take in the common case; several only when no single shard has the order's quantity), add the
     * order's quantity to the customer's count if it stays within the sale's limit, put the order if it does not
     * exist; all or nothing. {@code takes} name distinct shards, at most {@link #MAX_SHARDS_PER_RESERVE}, and add up
     * to {@code order.quantity()}; {@code order.shard()} is where a release will return all its units.
     */
    ReserveOutcome reserve(Sale sale, Order order, List<ShardTake> takes);

    Optional<Order> find(String orderId);

    /**
     * Writes {@code next} if the stored order still has {@code current}'s status and version (a transition that
     * neither takes nor returns stock). {@code holdMustLastPast} adds "the hold ends after this instant". A move that
     * ends the order's count on its card and phone (PAYING -> RESERVED after a decline) returns the units to those
     * counts in the same transaction; a move that would start one is {@link #startPayment}'s.
     *
     * @return false when the order moved on meanwhile; nothing was written
     */
    boolean transition(Order current, Order next, Instant holdMustLastPast);

    /**
     * RESERVED -> PAYING: as {@link #transition} with the hold lasting past {@code holdMustLastPast}, and only while
     * fewer than {@code maxAttempts} payment attempts were started (the cap against card testing), checked by the
     * write itself. When {@code paying} has a card ({@link Order#countedCard()}) or a verified phone
     * ({@link Order#countedPhone()}), the same transaction adds the order's units to their counts in the sale if each
     * stays within {@code limit}. A retried write that had committed recognises itself and answers true.
     *
     * @return false when the order moved on meanwhile or has no attempt left; nothing was written
     * @throws CheckoutException.CardLimitReached when the card's count would pass {@code limit}; nothing was written
     * @throws CheckoutException.PhoneLimitReached when the phone's count would; nothing was written
     */
    boolean startPayment(Order reserved, Order paying, Instant holdMustLastPast, int maxAttempts, int limit);

    /** As {@link #startPayment(Order, Order, Instant, int, int)} for an attempt that counts on no card or phone. */
    default boolean startPayment(Order reserved, Order paying, Instant holdMustLastPast, int maxAttempts) {
        if (paying.countedCard() != null || paying.countedPhone() != null) {
            throw new IllegalArgumentException("order " + paying.orderId() + " counts on a card or phone: its limit is needed");
        }
        return startPayment(reserved, paying, holdMustLastPast, maxAttempts, Integer.MAX_VALUE);
    }

    /**
     * Writes {@code next} (a status that holds no stock) and returns the order's units to its shard, the
     * customer's count and its card's and phone's counts (if it counts on them), plus the refund record if one is owed, in one transaction. {@code holdEndedBy} adds
     * "the hold ended at or before this instant" (the expiry path).
     *
     * @return false when the order moved on meanwhile; nothing was written
     */
    boolean release(Order current, Order next, Refund refund, Instant holdEndedBy);

    /** Records a refund owed for a charge that can no longer become an order; false if it was already recorded. */
    boolean recordRefund(Refund refund);

    Optional<Refund> findRefund(String refundId);

    /**
     * PENDING -> REFUNDED for the refund and, when {@code order} is REFUND_PENDING for this refund, REFUND_PENDING ->
     * REFUNDED for the order, in one transaction. {@code order} may be null (a refund owed for a charge whose order
     * moved on).
     *
     * @return false when the refund or the order moved on meanwhile; nothing was written
     */
    boolean settleRefund(Refund pending, Refund refunded, Order order, Order refundedOrder);

    /** RESERVED or PAYING orders due by {@code dueBy} (oldest first per index partition), at most {@code limit}. */
    List<DueOrder> dueOrders(OrderStatus status, Instant dueBy, int limit);

    /** PENDING refunds recorded (or last swept) by {@code recordedBy}, at most {@code limit}. */
    List<DueRefund> pendingRefunds(Instant recordedBy, int limit);

    /**
     * Moves a live order's place in the due index to {@code nextLook}, if it is still where the sweeper saw it: the
     * sweeper re-sent its message and looks again then, not every minute. Changes no state the checkout reads.
     */
    void postpone(DueOrder due, Instant nextLook);

    /** As {@link #postpone(DueOrder, Instant)} for a PENDING refund. */
    void postpone(DueRefund due, Instant nextLook);

    /**
     * Records that the attempt, ended by recovery with nothing charged, must be looked at once more at {@code dueAt}
     * (written before the release, so it exists whatever happens to the message that should bring the second look).
     */
    void scheduleLateChargeCheck(String orderId, int paymentAttempt, Instant dueAt);

    /** When the attempt's second look is due, if one is still owed. */
    Optional<Instant> lateChargeCheckDue(String orderId, int paymentAttempt);

    /** The attempt's second look is done (or no longer needed): it leaves the sweeper's index. */
    void lateChargeChecked(String orderId, int paymentAttempt);

    /** Second looks due by {@code dueBy}, for the sweeper: at most {@code limit}. */
    List<DueLateChargeCheck> dueLateChargeChecks(Instant dueBy, int limit);

    /** Moves a second look the sweeper re-sent to {@code nextLook} in the index. */
    void postpone(DueLateChargeCheck due, Instant nextLook);

    /**
     * Takes a PENDING refund out of the sweeper's index: the provider rejected it, so sending it again cannot help
     * until a person has looked (its message is in the dead-letter queue; redriving it tries again).
     */
    void parkRefund(String refundId);

    /** Every refund last changed in [from, to), for finance; reads the whole refunds table (refunds are few). */
    List<Refund> refundsChangedBetween(Instant from, Instant to);

    /** The customer's live units in a sale (RESERVED, PAYING and PAID orders). */
    long unitsHeld(String saleId, String customerId);

    /** The units of a sale's PAYING and PAID orders paid with the card of {@code fingerprint}. */
    long cardUnits(String saleId, String fingerprint);

    /** The units of a sale's PAYING and PAID orders paid by shoppers whose verified phone has {@code phoneDigest}. */
    long phoneUnits(String saleId, String phoneDigest);
}
