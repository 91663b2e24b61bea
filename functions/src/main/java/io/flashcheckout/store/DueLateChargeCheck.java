package io.flashcheckout.store;

import java.time.Instant;

/**
 * A payment attempt recovery ended with nothing charged, still to be looked at once more: a charge the provider
 * records late is then found and owed back.
 *
 * @param dueAt when the second look is due
 */
public record DueLateChargeCheck(String orderId, int paymentAttempt, Instant dueAt) {}
