package io.flashcheckout.store;

import io.flashcheckout.checkout.OrderStatus;

import java.time.Instant;

/**
 * A live order as the sweeper's index shows it.
 *
 * @param dueAt for RESERVED the end of the hold; for PAYING when the payment attempt started
 */
public record DueOrder(String orderId, OrderStatus status, Instant dueAt, int paymentAttempt) {}
