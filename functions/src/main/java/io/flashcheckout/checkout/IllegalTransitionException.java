package io.flashcheckout.checkout;

/** A move the order state machine does not allow: a bug in the caller, never a shopper's mistake. */
public class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(OrderStatus from, OrderStatus to) {
        super("an order cannot move from " + from + " to " + to);
    }
}
