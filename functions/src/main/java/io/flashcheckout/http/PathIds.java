package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.OrderIds;

/**
 * The ids in a path, checked before anything looks them up, logs them or answers with them: a sale id is a
 * slug of at most 64 characters, an order id is {@code o-} and 32 hex digits. Anything else is a 400 that does
 * not repeat it.
 */
final class PathIds {
    private PathIds() {}

    static String saleId(String saleId) {
        if (saleId == null || !NewSale.SLUG.matcher(saleId).matches()) {
            throw new CheckoutException.InvalidInput("saleId must be 1-64 lowercase letters, digits and inner hyphens");
        }
        return saleId;
    }

    static String orderId(String orderId) {
        if (!OrderIds.isWellFormed(orderId)) {
            throw new CheckoutException.InvalidInput("orderId must be \"o-\" and 32 lowercase hex digits");
        }
        return orderId;
    }
}
