package io.flashcheckout.checkout;

/** A reserve's answer: the order, and whether it was this request or an earlier one with the same key that made it. */
public record Reservation(Order order, boolean replayed) {}
