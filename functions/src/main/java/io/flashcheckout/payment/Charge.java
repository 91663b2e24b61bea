package io.flashcheckout.payment;

import io.flashcheckout.checkout.Money;

/** A charge as the provider records it; a declined one carries its {@link DeclineCode}, null when it succeeded. */
public record Charge(String chargeId, String idempotencyKey, Money amount, Status status, DeclineCode declineCode) {

    public enum Status { SUCCEEDED, DECLINED }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
