package io.flashcheckout.review;

import io.flashcheckout.checkout.Order;

import java.util.List;

/** One page of a sale's orders; {@code nextCursor} is null after the last page. */
public record OrderPage(List<Order> orders, String nextCursor) {}
