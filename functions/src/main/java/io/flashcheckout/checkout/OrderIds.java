package io.flashcheckout.checkout;

import java.util.regex.Pattern;

/**
 * Order ids derive from (customer, Idempotency-Key): the same shopper retrying with the same key lands on the
 * same order id, so the reserve transaction's "put if absent" finds the first attempt instead of taking a
 * second unit. Two shoppers using the same key get different orders.
 */
public final class OrderIds {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{8,255}");
    private static final Pattern ORDER_ID = Pattern.compile("o-[0-9a-f]{32}");

    private OrderIds() {}

    public static String of(String customerId, String idempotencyKey) {
        return "o-" + Digests.sha256Hex(customerId + "\u0000" + idempotencyKey).substring(0, 32);
    }

    /** An Idempotency-Key is 8-255 visible ASCII characters (a UUID fits). */
    public static boolean isValidKey(String idempotencyKey) {
        return idempotencyKey != null && KEY.matcher(idempotencyKey).matches();
    }

    public static boolean isWellFormed(String orderId) {
        return orderId != null && ORDER_ID.matcher(orderId).matches();
    }
}
