package io.flashcheckout.checkout;

import java.time.Instant;

/**
 * One shopper's order in one sale. {@code version} grows by one with every transition; each transition is a
 * conditional write on the status and version this record was read with.
 *
 * @param requestHash    digest of what was reserved (sale, quantity): the same Idempotency-Key with another
 *                       request is told apart from a retry
 * @param paymentAttempt how many charges were started; the provider idempotency key is {@code orderId/attempt}
 * @param declineReason  the {@code DeclineCode} slug of the last declined attempt (never the provider's text)
 * @param cardFingerprint the provider's fingerprint of the card of the latest payment attempt (null before one, or
 *                       when the token was no card); while the order is PAYING or PAID its units count on that card's
 *                       per-sale item ({@link #countedCard()}), and it stays on the order afterwards for review
 * @param phoneDigest    {@link Requester#phoneDigest()} of the shopper who started the latest payment attempt, when
 *                       their token vouched for a phone number: counted as the card is ({@link #countedPhone()})
 * @param signals        what the checkout saw at reserve (source IP, user-agent digest, token issue time, channel),
 *                       for review; never changes afterwards
 */
public record Order(
        String orderId,
        String saleId,
        String customerId,
        int quantity,
        Money amount,
        OrderStatus status,
        int shard,
        Instant holdExpiresAt,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String requestHash,
        int paymentAttempt,
        String chargeId,
        String declineReason,
        String refundId,
        String cancelReason,
        String cardFingerprint,
        String phoneDigest,
        Signals signals) {

    public Order {
        signals = signals == null ? Signals.NONE : signals;
    }

    /** A new reservation, before it is written. */
    public static Order reserve(String orderId, Sale sale, String customerId, int quantity, int shard, Instant now) {
        return reserve(orderId, sale, customerId, quantity, shard, now, Signals.NONE);
    }

    /** A new reservation with what the checkout saw of its request. */
    public static Order reserve(String orderId, Sale sale, String customerId, int quantity, int shard, Instant now,
                                Signals signals) {
        return new Order(orderId, sale.saleId(), customerId, quantity, sale.price().times(quantity), OrderStatus.RESERVED,
                shard, now.plus(sale.hold()), 1, now, now, requestHash(sale.saleId(), quantity), 0, null, null, null, null,
                null, null, signals);
    }

    public static String requestHash(String saleId, int quantity) {
        return Digests.sha256Hex(saleId + "\n" + quantity).substring(0, 32);
    }

    public Order onShard(int newShard) {
        return new Order(orderId, saleId, customerId, quantity, amount, status, newShard, holdExpiresAt, version,
                createdAt, updatedAt, requestHash, paymentAttempt, chargeId, declineReason, refundId, cancelReason,
                cardFingerprint, phoneDigest, signals);
    }

    public boolean ownedBy(String customer) {
        return customer.equals(customerId);
    }

    public boolean holdEndedAt(Instant now) {
        return !now.isBefore(holdExpiresAt);
    }

    /** The provider idempotency key of the current payment attempt. */
    public String chargeKey() {
        return chargeKey(paymentAttempt);
    }

    /** The provider idempotency key of payment attempt {@code attempt}. */
    public String chargeKey(int attempt) {
        return orderId + "/" + attempt;
    }

    /** Whether another payment attempt may start when at most {@code maxAttempts} are allowed. */
    public boolean mayAttemptPayment(int maxAttempts) {
        return paymentAttempt < maxAttempts;
    }

    /**
     * The card whose per-sale count holds this order's units, or null. Only a PAYING or PAID order counts on its card:
     * a declined attempt returns the units (the next attempt may use another card), and every release returns them
     * with the stock.
     */
    public String countedCard() {
        return status == OrderStatus.PAYING || status == OrderStatus.PAID ? cardFingerprint : null;
    }

    /** The verified phone whose per-sale count holds this order's units, or null; as {@link #countedCard()}. */
    public String countedPhone() {
        return status == OrderStatus.PAYING || status == OrderStatus.PAID ? phoneDigest : null;
    }

    /** RESERVED -> PAYING with a token the provider knows no card for: the attempt counts, no card does. */
    public Order startPayment(Instant now) {
        return startPayment(now, null, null);
    }

    /**
     * RESERVED -> PAYING: a new payment attempt starts, with the card of {@code fingerprint} and the payer's verified
     * phone ({@code phone}, a digest; null when the token vouched for none).
     */
    public Order startPayment(Instant now, String fingerprint, String phone) {
        return moveTo(OrderStatus.PAYING, now, paymentAttempt + 1, chargeId, null, refundId, cancelReason, fingerprint, phone);
    }

    /** PAYING -> PAID with the provider's charge. */
    public Order paid(String charge, Instant now) {
        return moveTo(OrderStatus.PAID, now, paymentAttempt, charge, null, refundId, cancelReason, cardFingerprint, phoneDigest);
    }

    /**
     * PAYING -> RESERVED after a decline (or a charge that never happened): the shopper may pay again while attempts
     * are left. {@code reason} is a decline code's slug.
     */
    public Order declined(String reason, Instant now) {
        return moveTo(OrderStatus.RESERVED, now, paymentAttempt, chargeId, reason, refundId, cancelReason, cardFingerprint, phoneDigest);
    }

    /** RESERVED -> CANCELLED, or PAID -> REFUND_PENDING with the refund that returns the money. */
    public Order cancelled(String reason, String refund, Instant now) {
        OrderStatus target = status == OrderStatus.PAID ? OrderStatus.REFUND_PENDING : OrderStatus.CANCELLED;
        return moveTo(target, now, paymentAttempt, chargeId, declineReason, refund, reason, cardFingerprint, phoneDigest);
    }

    /** RESERVED (or PAYING with nothing charged) -> EXPIRED. */
    public Order expired(Instant now) {
        return moveTo(OrderStatus.EXPIRED, now, paymentAttempt, chargeId, declineReason, refundId, cancelReason, cardFingerprint, phoneDigest);
    }

    /** REFUND_PENDING -> REFUNDED. */
    public Order refunded(Instant now) {
        return moveTo(OrderStatus.REFUNDED, now, paymentAttempt, chargeId, declineReason, refundId, cancelReason, cardFingerprint, phoneDigest);
    }

    private Order moveTo(OrderStatus target, Instant now, int attempt, String charge, String decline, String refund,
                         String cancel, String card, String phone) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransitionException(status, target);
        }
        return new Order(orderId, saleId, customerId, quantity, amount, target, shard, holdExpiresAt, version + 1,
                createdAt, now, requestHash, attempt, charge, decline, refund, cancel, card, phone, signals);
    }
}
