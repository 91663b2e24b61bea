package io.flashcheckout.review;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;

import java.util.List;

/** A sale's orders read through an index (never a scan of the orders table). */
public interface SaleOrders {

    /**
     * One page of the sale's orders matching {@code query}, and the cursor of the next page (null after the last).
     *
     * @throws io.flashcheckout.checkout.CheckoutException.InvalidInput when the cursor is not one this store gave for
     *                                                                  the same sale and filters
     */
    OrderPage page(OrderQuery query);

    /** Up to {@code max} of the sale's orders in {@code statuses}; {@code max + 1} read means there are more. */
    List<Order> inStatuses(String saleId, List<OrderStatus> statuses, int max);
}
