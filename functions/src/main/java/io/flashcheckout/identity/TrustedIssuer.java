package io.flashcheckout.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * An issuer whose access tokens the checkout accepts: its exact {@code iss}, the app clients whose tokens count
 * ({@code client_id}, as Cognito puts it in access tokens), where its keys come from, and whether its tokens may
 * carry the admin scope. Keys are bound to their issuer: a token is checked only against its own issuer's keys.
 *
 * @param grantsAdmin whether a token of this issuer with the scope {@code checkout/admin} is an admin's. Only an
 *                    issuer whose users are admitted by an admin (an invite-only pool) may grant it.
 */
public record TrustedIssuer(String issuer, Set<String> clientIds, JWSAlgorithm algorithm,
                            JWKSource<SecurityContext> keys, boolean grantsAdmin) {
    /** The embedded stack's issuer and app client (HS256 tokens minted by the local tool). */
    public static final String LOCAL_ISSUER = "flash-checkout-local";
    public static final String LOCAL_CLIENT = "flash-checkout-local";
    /** Cognito signs with RS256 and publishes its keys here, under the issuer URL. */
    public static final String COGNITO_JWKS_PATH = "/.well-known/jwks.json";
    private static final int MIN_SECRET_BYTES = 32;
    private static final int JWKS_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_SIZE_LIMIT = 64 * 1024;
    private static final Duration KEYS_TTL = Duration.ofHours(1);
    private static final Duration KEYS_REFRESH_TIMEOUT = Duration.ofSeconds(5);

    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("the issuer must not be blank");
        }
        if (clientIds == null || clientIds.isEmpty()) {
            throw new IllegalArgumentException("issuer " + issuer + " needs at least one accepted client id");
        }
        clientIds = Set.copyOf(clientIds);
    }

    /**
     * A Cognito user pool (or any OIDC issuer publishing RS256 keys). The key set is fetched on first use (or when
     * primed), kept for an hour, fetched again when a token names a key it does not hold (at most every 30 s), and
     * the last good set is used for a while if the endpoint fails.
     */
    public static TrustedIssuer jwks(String issuer, URI jwksUrl, Set<String> clientIds, boolean grantsAdmin) {
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl.toURL(),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
                    .cache(KEYS_TTL.toMillis(), KEYS_REFRESH_TIMEOUT.toMillis())
                    .rateLimited(true)
                    .retrying(true)
                    .outageTolerant(true)
                    .build();
            return new TrustedIssuer(issuer, clientIds, JWSAlgorithm.RS256, keys, grantsAdmin);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a usable JWKS URL for issuer " + issuer, e);
        }
    }

    /** A Cognito user pool: its keys live at the issuer URL + {@value #COGNITO_JWKS_PATH}. */
    public static TrustedIssuer cognito(String issuer, Set<String> clientIds, boolean grantsAdmin) {
        return jwks(issuer, URI.create(issuer + COGNITO_JWKS_PATH), clientIds, grantsAdmin);
    }

    /** The embedded stack's issuer: HS256 with a shared secret of at least 32 bytes. */
    public static TrustedIssuer sharedSecret(String issuer, String secret, Set<String> clientIds, boolean grantsAdmin) {
        byte[] key = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256 (it has " + key.length + ")");
        }
        return new TrustedIssuer(issuer, clientIds, JWSAlgorithm.HS256, new ImmutableSecret<>(key), grantsAdmin);
    }
}
