package io.flashcheckout.checkout;

import io.flashcheckout.payment.DeclineCode;

/**
 * A typed refusal of a checkout operation. Each kind has a stable slug the HTTP layer maps to
 * problem+json. Whoever throws one has written nothing (or rolled its one transaction back).
 */
public abstract sealed class CheckoutException extends RuntimeException {

    private final String slug;

    protected CheckoutException(String slug, String message) {
        super(message);
        this.slug = slug;
    }

    /**
     * Whether the same request may succeed later without anything changing but time: true only for {@link Busy}
     * (the store was throttled). Every other refusal is an answer about the request itself.
     */
    public boolean transientRefusal() {
        return false;
    }

    /** The stable problem type slug: {@code sold-out}, {@code limit-reached}, ... */
    public String slug() {
        return slug;
    }

    public static final class InvalidInput extends CheckoutException {
        public InvalidInput(String message) { super("invalid-request", message); }
    }

    public static final class NotFound extends CheckoutException {
        public NotFound(String message) { super("not-found", message); }
    }

    public static final class SoldOut extends CheckoutException {
        public SoldOut(String message) { super("sold-out", message); }
    }

    public static final class LimitReached extends CheckoutException {
        public LimitReached(String message) { super("limit-reached", message); }
    }

    /**
     * The card already holds the sale's per-customer limit in other orders (whatever account they are in); nothing
     * was written, and the order may still be paid with another card.
     */
    public static final class CardLimitReached extends CheckoutException {
        public CardLimitReached(String message) { super("card-limit-reached", message); }
    }

    /** As {@link CardLimitReached} for the verified phone number of the payer's token (whatever account it is in). */
    public static final class PhoneLimitReached extends CheckoutException {
        public PhoneLimitReached(String message) { super("phone-limit-reached", message); }
    }

    public static final class SaleNotOpen extends CheckoutException {
        public SaleNotOpen(String message) { super("sale-not-open", message); }
    }

    public static final class HoldExpired extends CheckoutException {
        public HoldExpired(String message) { super("hold-expired", message); }
    }

    public static final class NotPayable extends CheckoutException {
        public NotPayable(String message) { super("not-payable", message); }
    }

    public static final class NotCancellable extends CheckoutException {
        public NotCancellable(String message) { super("not-cancellable", message); }
    }

    /** The provider declined; only the {@link DeclineCode} is told, never the provider's own text. */
    public static final class PaymentDeclined extends CheckoutException {
        private final DeclineCode code;

        public PaymentDeclined(DeclineCode code) {
            super("payment-declined", "the payment was declined: " + code.slug());
            this.code = code;
        }

        public DeclineCode code() { return code; }

        /** The decline code's slug, e.g. {@code insufficient-funds}. */
        public String reason() { return code.slug(); }
    }

    /** The order has used all the payment attempts it may make (a cap against card testing); nothing was written. */
    public static final class PaymentAttemptsExhausted extends CheckoutException {
        public PaymentAttemptsExhausted(String message) { super("payment-attempts-exhausted", message); }
    }

    /**
     * A reserve on a sale with a waiting room came without a valid admission token (none, forged, expired, another
     * customer's or another sale's): the shopper joins the queue ({@code POST /sales/{saleId}/queue}) first.
     */
    public static final class AdmissionRequired extends CheckoutException {
        private final String saleId;

        public AdmissionRequired(String saleId, String message) {
            super("admission-required", message + "; join the queue: POST /sales/" + saleId + "/queue");
            this.saleId = saleId;
        }

        /** Where the shopper joins the sale's waiting room. */
        public String queuePath() { return "/sales/" + saleId + "/queue"; }
    }

    /**
     * A reserve named a channel that is not the caller's (a channel is bound to the token's app client, never chosen),
     * or the caller's app client sells in no channel of the sale and the sale has no shared pool.
     */
    public static final class WrongChannel extends CheckoutException {
        public WrongChannel(String message) { super("wrong-channel", message); }
    }

    /** A waiting-room ticket this room did not sign for this sale and customer, or one that expired. */
    public static final class InvalidTicket extends CheckoutException {
        public InvalidTicket(String message) { super("invalid-ticket", message); }
    }

    /** The same Idempotency-Key was used before for a different request. */
    public static final class IdempotencyConflict extends CheckoutException {
        public IdempotencyConflict(String message) { super("idempotency-conflict", message); }
    }

    /** The request clashes with what exists (a sale id taken by another definition). */
    public static final class Conflict extends CheckoutException {
        public Conflict(String message) { super("conflict", message); }
    }

    /**
     * The store refused the write for load (throttled, or contended) after its own retries, or the payment provider
     * could not be asked before anything was written: try again shortly.
     */
    public static final class Busy extends CheckoutException {
        public Busy(String message, Throwable cause) {
            super("busy", message);
            initCause(cause);
        }

        @Override
        public boolean transientRefusal() {
            return true;
        }
    }
}
