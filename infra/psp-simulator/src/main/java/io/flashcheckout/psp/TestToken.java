package io.flashcheckout.psp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The payment tokens that steer the simulator; any other token is declined as {@code invalid_token}, and
 * {@code tok_decline_with:<percent-encoded text>} is declined with that text as its reason (a provider's free text).
 * Every named token may end in {@code _<card>} ({@link #CARD}: letters, digits and hyphens, no underscore, so the
 * last underscore always separates the card), e.g. {@code tok_approve_alice} or {@code tok_decline_expired_card_bob}:
 * it behaves as the token without the suffix, for the card so named (see {@link CardFingerprints}).
 */
enum TestToken {
    APPROVE("tok_approve", ChargeRecord.Status.SUCCEEDED, null),
    DECLINE("tok_decline", ChargeRecord.Status.DECLINED, "card_declined"),
    DECLINE_INSUFFICIENT_FUNDS("tok_decline_insufficient_funds", ChargeRecord.Status.DECLINED, "insufficient_funds"),
    DECLINE_EXPIRED_CARD("tok_decline_expired_card", ChargeRecord.Status.DECLINED, "expired_card"),
    DECLINE_DO_NOT_HONOR("tok_decline_do_not_honor", ChargeRecord.Status.DECLINED, "do_not_honor"),
    DECLINE_STOLEN_CARD("tok_decline_stolen_card", ChargeRecord.Status.DECLINED, "stolen_card"),
    /** {@code tok_decline_with:<percent-encoded text>}: declined with that text as the reason. */
    DECLINE_WITH(null, ChargeRecord.Status.DECLINED, null),
    /** Charges, then holds the answer back for the configured timeout delay. */
    TIMEOUT("tok_timeout", ChargeRecord.Status.SUCCEEDED, null),
    /** Charges, then answers 500. */
    ERROR_AFTER_CHARGE("tok_error_after_charge", ChargeRecord.Status.SUCCEEDED, null),
    /** Answers 503 and records nothing. */
    UNAVAILABLE("tok_unavailable", null, null),
    UNKNOWN(null, ChargeRecord.Status.DECLINED, "invalid_token");

    private final String token;
    private final ChargeRecord.Status status;
    private final String declineReason;

    TestToken(String token, ChargeRecord.Status status, String declineReason) {
        this.token = token;
        this.status = status;
        this.declineReason = declineReason;
    }

    static final String DECLINE_WITH_PREFIX = "tok_decline_with:";
    /** A card's name in a token: what follows the token's last underscore. */
    static final Pattern CARD = Pattern.compile("[A-Za-z0-9-]{1,64}");

    static TestToken of(String paymentToken) {
        if (paymentToken.startsWith(DECLINE_WITH_PREFIX)) {
            return DECLINE_WITH;
        }
        TestToken exact = named(paymentToken);
        if (exact != UNKNOWN) {
            return exact;
        }
        return card(paymentToken).isPresent() ? named(paymentToken.substring(0, paymentToken.lastIndexOf('_'))) : UNKNOWN;
    }

    /**
     * The card a token names ({@code tok_approve_alice}: {@code alice}); empty for a token without one, which stands
     * for a card of its own, and for tokens that are not test tokens.
     */
    static Optional<String> card(String paymentToken) {
        if (paymentToken.startsWith(DECLINE_WITH_PREFIX) || named(paymentToken) != UNKNOWN) {
            return Optional.empty();
        }
        int last = paymentToken.lastIndexOf('_');
        if (last < 0 || named(paymentToken.substring(0, last)) == UNKNOWN) {
            return Optional.empty();
        }
        String card = paymentToken.substring(last + 1);
        return CARD.matcher(card).matches() ? Optional.of(card) : Optional.empty();
    }

    private static TestToken named(String token) {
        return Arrays.stream(values()).filter(t -> token.equals(t.token)).findFirst().orElse(UNKNOWN);
    }

    ChargeRecord.Status status() {
        return status;
    }

    /** The reason a charge with {@code paymentToken} is declined for (null for tokens that are not declined). */
    String declineReason(String paymentToken) {
        if (this == DECLINE_WITH) {
            return URLDecoder.decode(paymentToken.substring(DECLINE_WITH_PREFIX.length()), StandardCharsets.UTF_8);
        }
        return declineReason;
    }
}
