package io.flashcheckout.payment;

/**
 * Where {@link HttpPaymentGateway} gets the provider's API key. The key may be rotated at the provider while
 * functions run: the gateway then gets a 401, asks for a replacement once and sends the request again with it.
 */
public interface ApiKeySource {

    /** The key to send now (cached by the source; cheap). */
    String current();

    /**
     * The provider refused {@code rejected}: returns the key to try instead, read afresh unless a newer one than
     * {@code rejected} is already known; the same key when there is nothing newer (then the refusal stands).
     */
    String replaceRejected(String rejected);

    /** A key that never changes: the configured {@code flash-checkout.psp.api-key} (locally, in tests). */
    static ApiKeySource fixed(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        return new ApiKeySource() {
            @Override
            public String current() {
                return apiKey;
            }

            @Override
            public String replaceRejected(String rejected) {
                return apiKey;
            }

            @Override
            public String toString() {
                return "fixed API key ***";
            }
        };
    }
}
