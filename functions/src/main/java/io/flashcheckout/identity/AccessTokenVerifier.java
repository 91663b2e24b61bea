package io.flashcheckout.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.text.ParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place a caller's identity comes from: an access token this code verified. Not a header, not claims an
 * API gateway passed along. A token is accepted only if
 * <ul>
 *   <li>its {@code iss} is one of the trusted issuers, and its signature verifies with that issuer's keys and
 *       algorithm (a key of one issuer never vouches for another's tokens; {@code alg: none} never verifies);</li>
 *   <li>it is an access token ({@code token_use: access}, as Cognito marks them) of an accepted app client
 *       ({@code client_id});</li>
 *   <li>it has {@code sub}, {@code iat} and {@code exp}, and has not expired ({@value #CLOCK_SKEW_SECONDS} s of
 *       clock skew allowed);</li>
 *   <li>its subject is 1-128 visible ASCII characters (it becomes the customer id in keys).</li>
 * </ul>
 * The admin scope counts only from an issuer that grants it ({@link TrustedIssuer#grantsAdmin()}).
 */
public final class AccessTokenVerifier {
    /** Bearer tokens larger than this are refused unparsed; Cognito's access tokens are about 1 KiB. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    static final int CLOCK_SKEW_SECONDS = 30;
    private static final Pattern SUBJECT = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Set<String> REQUIRED = Set.of("sub", "iat", "exp", "iss", "client_id", "token_use");

    private final Map<String, Trust> byIssuer = new HashMap<>();

    private record Trust(TrustedIssuer issuer, DefaultJWTProcessor<SecurityContext> processor) {}

    public AccessTokenVerifier(List<TrustedIssuer> issuers) {
        for (TrustedIssuer issuer : issuers) {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(issuer.algorithm(), issuer.keys()));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
                    new JWTClaimsSet.Builder().issuer(issuer.issuer()).claim("token_use", "access").build(),
                    REQUIRED, null);
            claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
            processor.setJWTClaimsSetVerifier(claims);
            if (byIssuer.put(issuer.issuer(), new Trust(issuer, processor)) != null) {
                throw new IllegalArgumentException("issuer " + issuer.issuer() + " is configured twice");
            }
        }
    }

    /** Whether any issuer is trusted at all; with none, every token is refused. */
    public boolean trustsAnyone() {
        return !byIssuer.isEmpty();
    }

    public VerifiedToken verify(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("missing or oversized token");
        }
        Trust trust;
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
            trust = byIssuer.get(jwt.getJWTClaimsSet().getIssuer());
        } catch (ParseException e) {
            throw new InvalidTokenException("not a signed JWT", e);
        }
        if (trust == null) {
            throw new InvalidTokenException("issuer not trusted");
        }
        JWTClaimsSet claims;
        try {
            claims = trust.processor().process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException("rejected: " + e.getMessage(), e);
        }
        return accept(trust.issuer(), claims);
    }

    /**
     * The {@code phone_number} claim when {@code phone_number_verified} is true (a boolean, or the string "true" as
     * some issuers write it) and the number is E.164; otherwise none: an unverified number limits nothing.
     */
    private static String verifiedPhone(JWTClaimsSet claims) throws ParseException {
        Object verified = claims.getClaim("phone_number_verified");
        if (!Boolean.TRUE.equals(verified) && !"true".equals(verified)) {
            return null;
        }
        String phone = claims.getStringClaim("phone_number");
        return phone != null && E164.matcher(phone).matches() ? phone : null;
    }

    private static VerifiedToken accept(TrustedIssuer issuer, JWTClaimsSet claims) throws InvalidTokenException {
        try {
            String subject = claims.getSubject();
            if (subject == null || !SUBJECT.matcher(subject).matches()) {
                throw new InvalidTokenException("subject is not 1-128 visible ASCII characters");
            }
            String clientId = claims.getStringClaim("client_id");
            if (!issuer.clientIds().contains(clientId)) {
                throw new InvalidTokenException("client not accepted");
            }
            String scope = claims.getStringClaim("scope");
            Set<String> scopes = scope == null ? Set.of()
                    : new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
            boolean admin = issuer.grantsAdmin() && scopes.contains(VerifiedToken.ADMIN_SCOPE);
            if (claims.getIssueTime() == null) {
                throw new InvalidTokenException("no issue time");
            }
            return new VerifiedToken(subject, issuer.issuer(), clientId, Set.copyOf(scopes), admin,
                    claims.getIssueTime().toInstant(), verifiedPhone(claims));
        } catch (ParseException e) {
            throw new InvalidTokenException("a claim has the wrong type", e);
        }
    }

    /**
     * Fetches every remote issuer's keys into the cache (before a SnapStart snapshot, so the restored function's
     * first request does not wait for them). Keys are public; nothing secret enters the snapshot.
     *
     * @return how many issuers answered
     */
    public int prime() {
        int answered = 0;
        for (Trust trust : byIssuer.values()) {
            try {
                trust.issuer().keys().get(new JWKSelector(new JWKMatcher.Builder().build()), null);
                answered++;
            } catch (KeySourceException e) {
                // the first request will fetch them
            }
        }
        return answered;
    }
}
