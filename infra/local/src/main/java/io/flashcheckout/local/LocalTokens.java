package io.flashcheckout.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.flashcheckout.identity.TrustedIssuer;
import io.flashcheckout.identity.VerifiedToken;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Mints the HS256 bearer tokens the local API accepts, shaped like the Cognito access tokens it gets on AWS
 * ({@code iss}, {@code client_id}, {@code token_use: access}, {@code iat}, {@code exp}): the subject is the customer
 * id, and admins carry the {@value #ADMIN_SCOPE} scope in a space-separated {@code scope} claim. The HMAC key is the secret's UTF-8 bytes (at least 32 of them).
 */
public final class LocalTokens {
    public static final String SECRET_ENV = "FLASH_CHECKOUT_JWT_SECRET";
    public static final String ISSUER = TrustedIssuer.LOCAL_ISSUER;
    public static final String CLIENT_ID = TrustedIssuer.LOCAL_CLIENT;
    public static final String ADMIN_SCOPE = VerifiedToken.ADMIN_SCOPE;
    public static final String ADMIN_SUBJECT = "local-admin";
    public static final Duration LIFETIME = Duration.ofHours(24);
    private static final int MIN_SECRET_BYTES = 32;

    private final MACSigner signer;
    private final Clock clock;

    /** @throws IllegalArgumentException if the secret is shorter than 32 bytes, too short for HS256 */
    public LocalTokens(String secret, Clock clock) {
        byte[] key = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256 (it has " + key.length + ")");
        }
        try {
            this.signer = new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT secret: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** 48 random bytes, base64url without padding: 64 characters. */
    public static String generateSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A shopper's token: the customer id as subject, no scope. */
    public String customer(String customerId) {
        if (customerId == null || customerId.isBlank()) {
            throw new IllegalArgumentException("the customer id must not be blank");
        }
        return mint(customerId, null);
    }

    /** A shopper's token from another app client: a sales channel's app (the stack must accept the client id). */
    public String customer(String customerId, String clientId) {
        if (customerId == null || customerId.isBlank() || clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("the customer and client ids must not be blank");
        }
        return mint(customerId, null, clientId);
    }

    /** An admin's token: subject {@value #ADMIN_SUBJECT}, scope {@value #ADMIN_SCOPE}. */
    public String admin() {
        return mint(ADMIN_SUBJECT, ADMIN_SCOPE);
    }

    private String mint(String subject, String scope) {
        return mint(subject, scope, CLIENT_ID);
    }

    private String mint(String subject, String scope, String clientId) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .claim("client_id", clientId)
                .claim("token_use", "access")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)));
        if (scope != null) {
            claims.claim("scope", scope);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }
}
