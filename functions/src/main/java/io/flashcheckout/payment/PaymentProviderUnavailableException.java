package io.flashcheckout.payment;

/** The provider could not answer a lookup (timeout, 5xx, connection refused): try again later. */
public class PaymentProviderUnavailableException extends RuntimeException {
    public PaymentProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
