package io.flashcheckout.psp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The provider's view of a card: a fingerprint that is the same for every token of one card and tells nothing about
 * the card itself, as real providers give one. A token that names a card ({@code tok_approve_alice}) gets an HMAC of
 * the name under a key derived from the simulator's seed, so it is stable across tokens, requests and runs with the
 * same seed; a test token without a name stands for a card nobody else has, so each lookup gets a fresh random one.
 * Any other token is no card at all.
 */
final class CardFingerprints {

    private static final String HMAC = "HmacSHA256";
    private static final int HEX_CHARS = 32;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    CardFingerprints(long seed) {
        try {
            byte[] material = MessageDigest.getInstance("SHA-256")
                    .digest(("psp-simulator card fingerprints " + seed).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(material, HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The card's fingerprint, {@code fp_<32 hex>}; empty for a token that is not a test token (invalid_token). */
    Optional<String> of(String paymentToken) {
        if (TestToken.of(paymentToken) == TestToken.UNKNOWN) {
            return Optional.empty();
        }
        return Optional.of(TestToken.card(paymentToken).map(this::named).orElseGet(this::singleUse));
    }

    private String named(String card) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] digest = mac.doFinal(("card:" + card).getBytes(StandardCharsets.UTF_8));
            return "fp_" + HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + HMAC, e);
        }
    }

    private String singleUse() {
        byte[] bytes = new byte[HEX_CHARS / 2];
        random.nextBytes(bytes);
        return "fp_" + HexFormat.of().formatHex(bytes);
    }
}
