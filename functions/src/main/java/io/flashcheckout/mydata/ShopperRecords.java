package io.flashcheckout.mydata;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.review.OrderPage;

import java.util.List;

/** What the checkout holds about one customer, as the store keeps it (the port {@link MyData} reads through). */
public interface ShopperRecords {
    /**
     * One page of the customer's orders, newest first. {@code cursor} is one an earlier page of the same customer
     * gave (any other is refused as invalid input); null starts at the newest.
     */
    OrderPage orders(String customerId, String cursor, int limit);

    /** Every refund owed for a charge of these orders (one per payment attempt at most), in no particular order. */
    List<Refund> refundsOf(List<Order> orders);
}
