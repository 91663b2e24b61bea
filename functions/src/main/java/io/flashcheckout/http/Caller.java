package io.flashcheckout.http;

import io.flashcheckout.checkout.Requester;
import io.micronaut.security.authentication.Authentication;

import java.util.Arrays;
import java.util.Collection;

/**
 * Who is calling, from the validated token: the customer is its {@code sub}; admins carry the scope
 * {@code checkout/admin} (Cognito puts scopes in one space-separated {@code scope} claim).
 */
final class Caller {
    static final String ADMIN_SCOPE = "checkout/admin";

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
        Object scope = authentication.getAttributes().get("scope");
        if (scope instanceof String s) {
            return Arrays.asList(s.split(" ")).contains(ADMIN_SCOPE);
        }
        if (scope instanceof Collection<?> c) {
            return c.contains(ADMIN_SCOPE);
        }
        return false;
    }

    /** The caller is known but lacks the admin scope. */
    static final class Forbidden extends RuntimeException {
        Forbidden() {
            super("this route needs the scope " + ADMIN_SCOPE, null, false, false);
        }
    }
}
