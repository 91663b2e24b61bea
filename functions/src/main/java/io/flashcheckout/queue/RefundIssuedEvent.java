package io.flashcheckout.queue;

import io.flashcheckout.checkout.Refund;

import java.time.Instant;

/**
 * The finance feed: one event per money movement back to a customer. {@code eventId} is the refund id, so a
 * consumer that sees an event twice (SQS delivers at least once) drops the second. Schema:
 * {@code schemas/refund-issued.v1.json}; new fields may be added within version 1, anything else is version 2.
 */
public record RefundIssuedEvent(
        String type,
        int version,
        String eventId,
        String refundId,
        String orderId,
        String saleId,
        String customerId,
        String chargeId,
        String providerRefundId,
        String amount,
        String currency,
        String reason,
        Instant requestedAt,
        Instant refundedAt) implements QueueMessage {
    public static final String TYPE = "refund-issued";

    public static RefundIssuedEvent of(Refund refund) {
        return new RefundIssuedEvent(TYPE, 1, refund.refundId(), refund.refundId(), refund.orderId(), refund.saleId(),
                refund.customerId(), refund.chargeId(), refund.providerRefundId(), refund.amount().amountString(),
                refund.amount().currency(), refund.reason(), refund.createdAt(), refund.updatedAt());
    }
}
