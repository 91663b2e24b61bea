package io.flashcheckout.checkout;

import io.flashcheckout.store.OrderStore;

/** Orders as their shopper (or an admin) may see them: anyone else's order does not exist for the asker. */
public final class OrderLookup {
    private final OrderStore orders;

    public OrderLookup(OrderStore orders) {
        this.orders = orders;
    }

    public Order get(String orderId, Requester requester) {
        if (!OrderIds.isWellFormed(orderId)) {
            throw notFound(orderId);
        }
        return orders.find(orderId).filter(requester::maySee).orElseThrow(() -> notFound(orderId));
    }

    private static CheckoutException notFound(String orderId) {
        return new CheckoutException.NotFound("no order " + orderId);
    }
}
