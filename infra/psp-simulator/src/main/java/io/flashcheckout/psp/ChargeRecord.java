package io.flashcheckout.psp;

import java.math.BigDecimal;
import java.time.Instant;

/** A charge as the simulator recorded it; declined charges are recorded too. */
public record ChargeRecord(
        String chargeId,
        String idempotencyKey,
        BigDecimal amount,
        String currency,
        String paymentToken,
        String reference,
        Status status,
        String declineReason,
        Instant createdAt) {

    public enum Status {
        SUCCEEDED, DECLINED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
