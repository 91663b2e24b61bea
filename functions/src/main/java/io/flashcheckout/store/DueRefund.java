package io.flashcheckout.store;

import java.time.Instant;

/** A PENDING refund as the sweeper's index shows it: {@code dueAt} is when it was recorded or last swept. */
public record DueRefund(String refundId, Instant dueAt) {}
