package io.flashcheckout.http;

import io.flashcheckout.checkout.Requester;
import io.flashcheckout.identity.VerifiedToken;
import io.micronaut.security.authentication.Authentication;

/**
 * Who is calling, from the token {@link VerifiedTokenFetcher} verified: the customer is its {@code sub}; an admin is
 * a token with the scope {@code checkout/admin} from an issuer that may grant it (the admins' user pool).
 */
final class Caller {
    private Caller() {}

    static Requester of(Authentication authentication) {
        return isAdmin(authentication) ? Requester.admin(authentication.getName()) : shopper(authentication);
    }

    static Requester shopper(Authentication authentication) {
        return Requester.shopper(authentication.getName());
    }

    static Requester admin(Authentication authentication) {
        if (!isAdmin(authentication)) {
            throw new Forbidden();
        }
        return Requester.admin(authentication.getName());
    }

    static boolean isAdmin(Authentication authentication) {
        return Boolean.TRUE.equals(authentication.getAttributes().get(VerifiedTokenFetcher.ADMIN));
    }

    /** The caller is known but lacks the admin scope. */
    static final class Forbidden extends RuntimeException {
        Forbidden() {
            super("this route needs the scope " + VerifiedToken.ADMIN_SCOPE, null, false, false);
        }
    }
}
