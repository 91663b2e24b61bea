package io.flashcheckout.checkout;

/** The events {@link CheckoutMetrics} counts; {@link #metricName()} is the CloudWatch metric's name. */
public enum CheckoutEvent {
    /** A new reservation (not the replay of an earlier one). */
    RESERVED("Reservations"),
    SOLD_OUT("SoldOutAnswers"),
    LIMIT_REACHED("LimitReachedAnswers"),
    /** A payment refused because the card already holds the sale's per-customer limit (in other accounts' orders). */
    CARD_LIMIT_REACHED("CardLimitReachedAnswers"),
    /** A payment refused because the payer's verified phone number already holds the sale's limit. */
    PHONE_LIMIT_REACHED("PhoneLimitReachedAnswers"),
    PAID("PaymentsPaid"),
    DECLINED("PaymentsDeclined"),
    /** The provider's answer was lost: the order stays PAYING for recovery (a 202). */
    PAYMENT_UNKNOWN("PaymentsUnknown"),
    CANCELLED("Cancellations"),
    HOLD_EXPIRED("HoldsExpired"),
    /** A paid order cancelled: its refund is on its way. */
    REFUND_REQUESTED("RefundsRequested"),
    REFUNDED("RefundsIssued"),
    REFUND_REJECTED("RefundsRejected"),
    /** Recovery found the attempt's charge and made the order PAID. */
    RECOVERED_PAID("RecoveriesPaid"),
    /** Recovery found no charge and gave the order back to the shopper or released its stock. */
    RECOVERED_RELEASED("RecoveriesReleased"),
    /** A charge found for an attempt that had already ended: its money is owed back. */
    LATE_CHARGE_OWED_BACK("LateChargesOwedBack"),
    /** Work found by the sweeper because its message was lost or failed: each is a message sent again. */
    SWEPT("SweptMessages"),
    /** A sale's pre-warm (provisioned concurrency for its opening) could not be scheduled; the sale itself stands. */
    WARMUP_NOT_SCHEDULED("WarmupsNotScheduled");

    private final String metricName;

    CheckoutEvent(String metricName) {
        this.metricName = metricName;
    }

    public String metricName() {
        return metricName;
    }
}
