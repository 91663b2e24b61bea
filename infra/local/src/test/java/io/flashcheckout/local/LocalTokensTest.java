package io.flashcheckout.local;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalTokensTest {
    private static final String SECRET = "a-local-test-secret-of-more-than-32-bytes";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final LocalTokens tokens = new LocalTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aShoppersTokenIsSignedWithTheSecretAndCarriesNoScope() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.customer("shopper-1"));

        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("shopper-1");
        assertThat(claims.getIssuer()).isEqualTo("flash-checkout-local");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(24 * 3600)));
        assertThat(claims.getClaim("scope")).isNull();
    }

    @Test
    void anAdminsTokenCarriesTheAdminScope() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.admin());

        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(LocalTokens.ADMIN_SUBJECT);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("checkout/admin");
    }

    @Test
    void anotherSecretDoesNotVerify() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.customer("shopper-1"));

        assertThat(jwt.verify(new MACVerifier("another-secret-that-is-also-32-bytes-long".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
    }

    @Test
    void secretsShorterThan32BytesAreRefused() {
        assertThatThrownBy(() -> new LocalTokens("short", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void generatedSecretsAre48RandomBytesInBase64Url() {
        String secret = LocalTokens.generateSecret();

        assertThat(secret).hasSize(64).matches("[A-Za-z0-9_-]+").isNotEqualTo(LocalTokens.generateSecret());
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(48);
    }
}
