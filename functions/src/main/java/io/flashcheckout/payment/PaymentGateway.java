package io.flashcheckout.payment;

import java.util.Optional;

/**
 * The payment provider port. Every call carries an idempotency key, so a retried call never moves money twice.
 * Provider faults are outcomes, not exceptions: a charge whose result is not known comes back as
 * {@link ChargeOutcome.Unknown} and must be settled later with {@link #findCharge}.
 */
public interface PaymentGateway {

    /**
     * The fingerprint of the card behind a payment token: the same for every token of one card, whoever pays with it.
     * Moves no money.
     *
     * @return empty when the provider says the token is no card (the checkout declines it as {@code card-declined})
     * @throws PaymentProviderUnavailableException when the provider cannot answer (after the adapter's retries)
     */
    Optional<String> cardFingerprint(String paymentToken);

    /** Charges a payment token. Never throws for provider faults or timeouts. */
    ChargeOutcome charge(ChargeRequest request);

    /** Refunds (part of) a charge. Never throws for provider faults or timeouts. */
    RefundOutcome refund(RefundRequest request);

    /**
     * Looks a charge up by the idempotency key it was made with.
     *
     * @return empty when the provider has no charge for that key
     * @throws PaymentProviderUnavailableException when the provider cannot answer (retry later)
     */
    Optional<Charge> findCharge(String idempotencyKey);
}
