package io.flashcheckout.payment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The few decline codes a shopper is told, and the only thing stored on an order about a decline. The provider's own
 * reason is mapped here and goes no further: its free text may carry anything (issuer messages, card details), and
 * a fine-grained answer is exactly what card testers use to sort working cards from dead ones. So only what a
 * genuine shopper can act on gets its own code; everything else (do not honor, fraud, lost or stolen card,
 * invalid token or card data, unknown reasons) is the plain {@link #CARD_DECLINED}.
 */
public enum DeclineCode {
    /** The card was refused; try another card. */
    CARD_DECLINED("card-declined"),
    /** Not enough funds; another card may work. */
    INSUFFICIENT_FUNDS("insufficient-funds"),
    /** The card has expired. */
    EXPIRED_CARD("expired-card"),
    /** Checkout recovery found no charge for the attempt (the provider was unreachable): nothing was charged. */
    NOT_CHARGED("payment-not-completed");

    private final String slug;

    DeclineCode(String slug) {
        this.slug = slug;
    }

    /** The stable code: what the shopper is answered and what the order stores. */
    public String slug() {
        return slug;
    }

    /** Maps a provider's decline reason (any text, or null) to a code; anything not known is {@link #CARD_DECLINED}. */
    public static DeclineCode fromProvider(String providerReason) {
        if (providerReason == null) {
            return CARD_DECLINED;
        }
        return switch (providerReason.trim().toLowerCase(Locale.ROOT)) {
            case "insufficient_funds" -> INSUFFICIENT_FUNDS;
            case "expired_card" -> EXPIRED_CARD;
            default -> CARD_DECLINED;
        };
    }

    /** The code of a stored slug; empty for anything else (an order written before codes were stored). */
    public static Optional<DeclineCode> ofSlug(String slug) {
        return Arrays.stream(values()).filter(code -> code.slug.equals(slug)).findFirst();
    }
}
