package io.flashcheckout.mydata;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Refund;

import java.time.Instant;
import java.util.List;

/**
 * One part of everything the checkout holds about a customer: at most {@link MyData#EXPORT_PAGE} orders (newest first)
 * with the signals kept on them and the refunds of their charges. {@code nextCursor} is null on the last part.
 */
public record DataExport(String customerId, Instant exportedAt, List<Order> orders, List<Refund> refunds, String nextCursor) {}
