package io.flashcheckout.checkout;

import java.util.regex.Pattern;

/**
 * Who asks: a shopper (the token's subject) or an admin. Shoppers only ever see their own orders.
 *
 * @param verifiedPhone the phone number a verified token vouches for (E.164), or null: it binds the sale's limit too
 * @param appClient     the verified token's app client ({@code client_id}), or null: it binds the shopper's sales channel
 */
public record Requester(String customerId, boolean admin, String verifiedPhone, String appClient) {
    private static final Pattern CUSTOMER_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    public Requester {
        if (!admin && (customerId == null || !CUSTOMER_ID.matcher(customerId).matches())) {
            throw new CheckoutException.InvalidInput("customer id must be 1-128 visible ASCII characters");
        }
        if (verifiedPhone != null && !E164.matcher(verifiedPhone).matches()) {
            throw new CheckoutException.InvalidInput("a phone number must be E.164");
        }
    }

    public Requester(String customerId, boolean admin) {
        this(customerId, admin, null, null);
    }

    public Requester(String customerId, boolean admin, String verifiedPhone) {
        this(customerId, admin, verifiedPhone, null);
    }

    /** A shopper whose token came from the app client {@code appClient} (null: unknown). */
    public static Requester shopper(String customerId, String verifiedPhone, String appClient) {
        return new Requester(customerId, false, verifiedPhone, appClient);
    }

    public static Requester shopper(String customerId) {
        return new Requester(customerId, false);
    }

    /** A shopper whose token vouches for {@code verifiedPhone} (null: none). */
    public static Requester shopper(String customerId, String verifiedPhone) {
        return new Requester(customerId, false, verifiedPhone);
    }

    public static Requester admin(String adminId) {
        return new Requester(adminId, true);
    }

    /** What identifies the verified phone in a sale's count: a digest, so the number itself is not stored. */
    public String phoneDigest() {
        return verifiedPhone == null ? null : "ph_" + Digests.sha256Hex("phone\n" + verifiedPhone).substring(0, 32);
    }

    public boolean maySee(Order order) {
        return admin || order.ownedBy(customerId);
    }
}
