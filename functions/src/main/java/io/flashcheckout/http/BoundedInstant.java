package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Instants in request bodies are ISO-8601 strings of bounded length. They bind as text: the framework's own
 * {@code Instant} binding also takes epoch numbers, and an epoch of {@code 1e300000000} keeps a CPU busy for
 * minutes before it fails.
 */
final class BoundedInstant {
    /** {@code +1000000000-12-31T23:59:59.999999999Z} is 37 characters. */
    static final int MAX_CHARS = 40;

    private BoundedInstant() {}

    @Nullable
    static Instant parse(String field, @Nullable String text) {
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_CHARS) {
            throw notAnInstant(field);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw notAnInstant(field);
        }
    }

    private static CheckoutException.InvalidInput notAnInstant(String field) {
        return new CheckoutException.InvalidInput(field + " must be an ISO-8601 instant such as 2026-01-01T09:00:00Z");
    }
}
