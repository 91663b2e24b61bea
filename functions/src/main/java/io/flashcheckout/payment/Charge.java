package io.flashcheckout.payment;

import io.flashcheckout.checkout.Money;

/** A charge as the provider records it. */
public record Charge(String chargeId, String idempotencyKey, Money amount, Status status, String declineReason) {

    public enum Status { SUCCEEDED, DECLINED }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
