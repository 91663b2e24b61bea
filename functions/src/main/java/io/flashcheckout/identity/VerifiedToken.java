package io.flashcheckout.identity;

import java.time.Instant;
import java.util.Set;

/**
 * What a verified access token says about its caller.
 *
 * @param subject  the token's {@code sub}: the customer id of a shopper, the admin's user id
 * @param admin    the token carries the admin scope and comes from an issuer allowed to grant it
 * @param issuedAt the token's {@code iat}
 */
public record VerifiedToken(String subject, String issuer, String clientId, Set<String> scopes, boolean admin,
                            Instant issuedAt) {
    public static final String ADMIN_SCOPE = "checkout/admin";
}
