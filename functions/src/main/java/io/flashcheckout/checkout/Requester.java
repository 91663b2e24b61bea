package io.flashcheckout.checkout;

import java.util.regex.Pattern;

/** Who asks: a shopper (the token's subject) or an admin. Shoppers only ever see their own orders. */
public record Requester(String customerId, boolean admin) {
    private static final Pattern CUSTOMER_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    public Requester {
        if (!admin && (customerId == null || !CUSTOMER_ID.matcher(customerId).matches())) {
            throw new CheckoutException.InvalidInput("customer id must be 1-128 visible ASCII characters");
        }
    }

    public static Requester shopper(String customerId) {
        return new Requester(customerId, false);
    }

    public static Requester admin(String adminId) {
        return new Requester(adminId, true);
    }

    public boolean maySee(Order order) {
        return admin || order.ownedBy(customerId);
    }
}
