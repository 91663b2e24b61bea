package io.flashcheckout.http;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.io.IOException;

/**
 * A failure of an AWS backend that waiting cures, still there after the SDK's own retries: the service answered
 * 5xx or throttled, the connection failed, the call timed out. The step wrote nothing it cannot find again (every
 * write is conditional and keyed by the Idempotency-Key), so the caller is told {@code busy} with a
 * {@code Retry-After}, as for a throttled write, rather than a 500 that reads as a bug.
 */
final class StoreOutage {
    private StoreOutage() {}

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SdkServiceException service && (service.statusCode() >= 500 || service.isThrottlingException())) {
                return true;
            }
            if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
            if (t instanceof SdkClientException && hasIoCause(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasIoCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
