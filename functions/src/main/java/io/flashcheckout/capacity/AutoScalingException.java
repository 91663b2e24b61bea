package io.flashcheckout.capacity;

/**
 * An Application Auto Scaling call that failed: the service's error type ({@code ValidationException}, ...) and
 * message, or an I/O failure (type {@code IOError}, status 0).
 */
public final class AutoScalingException extends RuntimeException {
    private final String type;
    private final int status;

    AutoScalingException(String type, int status, String message, Throwable cause) {
        super(type + " (" + status + "): " + message, cause);
        this.type = type;
        this.status = status;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    /** Worth trying again: the service was busy, throttled us, or could not be reached. */
    public boolean isTransient() {
        return status == 0 || status >= 500 || status == 429
                || type.equals("ThrottlingException") || type.equals("Throttling")
                || type.equals("ConcurrentUpdateException") || type.equals("InternalServiceException");
    }
}
