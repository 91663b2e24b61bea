package io.flashcheckout.http;

import io.flashcheckout.checkout.Requester;
import io.flashcheckout.identity.AccessTokenVerifier;
import io.flashcheckout.identity.InvalidTokenException;
import io.flashcheckout.identity.VerifiedToken;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling: only ever what the {@code Authorization: Bearer} token says once {@link AccessTokenVerifier} has
 * verified it. Never a header such as {@code x-amzn-oidc-identity}, never the claims API Gateway's authorizer put in
 * the event's request context. The customer is the token's {@code sub}; an admin is a token with the scope
 * {@code checkout/admin} from an issuer that may grant it (the admins' user pool).
 */
final class Caller {
    private static final Logger LOG = LoggerFactory.getLogger(Caller.class);
    private static final String BEARER = "Bearer ";

    private Caller() {}

    /** The verified token of the request, or null: no token, another scheme, or a token that does not verify. */
    @Nullable
    static VerifiedToken verified(AccessTokenVerifier verifier, @Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        try {
            return verifier.verify(authorization.substring(BEARER.length()).trim());
        } catch (InvalidTokenException e) {
            LOG.info("bearer token refused: {}", e.getMessage());
            return null;
        }
    }

    static Requester of(VerifiedToken token) {
        return token.admin() ? Requester.admin(token.subject()) : shopper(token);
    }

    static Requester shopper(VerifiedToken token) {
        return Requester.shopper(token.subject(), token.verifiedPhone(), token.clientId());
    }

    static Requester admin(VerifiedToken token) {
        if (!token.admin()) {
            throw forbidden();
        }
        return Requester.admin(token.subject());
    }

    /** The caller is known but lacks the admin scope. */
    static Refusal forbidden() {
        return new Refusal(403, "forbidden", "this route needs the scope " + VerifiedToken.ADMIN_SCOPE);
    }
}
