package io.flashcheckout.payment;

import io.flashcheckout.checkout.Money;

/** @param idempotencyKey the refund id: one refund record never moves money twice */
public record RefundRequest(String idempotencyKey, String chargeId, Money amount) {}
