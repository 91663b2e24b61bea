package io.flashcheckout.identity;

/**
 * A bearer token this checkout does not accept. The reason is for logs, never for the caller, and is cut short:
 * a library's reason may quote a claim of the token.
 */
public final class InvalidTokenException extends Exception {
    private static final int MAX_REASON = 200;

    public InvalidTokenException(String reason) {
        this(reason, null);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason, cause, false, false);
    }
}
