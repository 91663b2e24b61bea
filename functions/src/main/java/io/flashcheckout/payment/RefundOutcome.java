package io.flashcheckout.payment;

public sealed interface RefundOutcome {

    record Refunded(String providerRefundId) implements RefundOutcome {}

    /** The provider will not refund (unknown charge, more than was charged): retrying will not help. */
    record Rejected(String reason) implements RefundOutcome {}

    /** Timeout or provider error: retry with the same idempotency key. */
    record Unknown(String cause) implements RefundOutcome {}
}
