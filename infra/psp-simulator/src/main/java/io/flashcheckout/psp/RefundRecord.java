package io.flashcheckout.psp;

import java.math.BigDecimal;
import java.time.Instant;

/** A refund the simulator accepted. Rejected refunds are not recorded. */
public record RefundRecord(
        String refundId,
        String idempotencyKey,
        String chargeId,
        BigDecimal amount,
        String currency,
        Instant createdAt) {}
