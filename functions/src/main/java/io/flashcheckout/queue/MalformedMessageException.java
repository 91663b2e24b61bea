package io.flashcheckout.queue;

/** A queue message that is not JSON, or not of the schema its queue carries: retrying cannot help. */
public final class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
