package io.flashcheckout.checkout;

/**
 * What the checkout counts as it decides: the business figures a sale is watched by (reservations, sold-out answers,
 * payments by outcome, refunds, recoveries). On Lambda they become CloudWatch metrics in Embedded Metric Format.
 */
public interface CheckoutMetrics {

    void count(CheckoutEvent event, long times);

    default void count(CheckoutEvent event) {
        count(event, 1);
    }

    /** The end of one invocation: what was counted is handed on (written out as one EMF record on Lambda). */
    default void publish() {
    }
}
