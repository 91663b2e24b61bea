package io.flashcheckout.identity;

import java.time.Instant;
import java.util.Set;

/**
 * What a verified access token says about its caller.
 *
 * @param subject  the token's {@code sub}: the customer id of a shopper, the admin's user id
 * @param admin    the token carries the admin scope and comes from an issuer allowed to grant it
 * @param issuedAt the token's {@code iat}
 * @param verifiedPhone the token's {@code phone_number} (E.164) when its {@code phone_number_verified} is true; else null
 */
public record VerifiedToken(String subject, String issuer, String clientId, Set<String> scopes, boolean admin,
                            Instant issuedAt, String verifiedPhone) {
    public static final String ADMIN_SCOPE = "checkout/admin";
}
