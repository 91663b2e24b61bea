package io.flashcheckout.checkout;

/** A pay call's answer: PAID, or PAYING when the provider's outcome is not known yet (recovery settles it). */
public record PaymentResult(Order order) {

    public boolean pending() {
        return order.status() == OrderStatus.PAYING;
    }
}
