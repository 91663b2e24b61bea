package io.flashcheckout.payment;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link HttpPaymentGateway} reaches the payment provider.
 *
 * @param baseUri        the provider's root, e.g. {@code https://psp.example.com} or {@code http://127.0.0.1:8089};
 *                       the API paths ({@code /v1/charges}, ...) are appended to it
 * @param apiKeys        the key sent as {@code Authorization: Bearer <key>}, and its replacement after a 401;
 *                       never printed by {@link #toString()}
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a whole answer; a charge still unanswered by then is an unknown outcome
 */
public record PaymentProviderSettings(URI baseUri, ApiKeySource apiKeys, Duration connectTimeout, Duration requestTimeout) {

    public PaymentProviderSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
            throw new IllegalArgumentException("baseUri must be an http or https URI");
        }
        Objects.requireNonNull(apiKeys, "apiKeys");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
    }

    /** With a key that never changes. */
    public PaymentProviderSettings(URI baseUri, String apiKey, Duration connectTimeout, Duration requestTimeout) {
        this(baseUri, ApiKeySource.fixed(apiKey), connectTimeout, requestTimeout);
    }

    /** The provider URI for an API path such as {@code /v1/charges}, keeping any path the base URI has. */
    URI endpoint(String pathAndQuery) {
        String base = baseUri.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    @Override
    public String toString() {
        return "PaymentProviderSettings[baseUri=" + baseUri + ", apiKey=***, connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + "]";
    }

    private static void requirePositive(Duration timeout, String name) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
