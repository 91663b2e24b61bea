package io.flashcheckout.payment;

import io.flashcheckout.checkout.Money;

/**
 * @param idempotencyKey the provider-side idempotency key (the checkout uses the order id and payment attempt)
 * @param reference      the order id, for the provider's records
 */
public record ChargeRequest(String idempotencyKey, Money amount, String paymentToken, String reference) {}
