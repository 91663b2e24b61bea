package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;

/**
 * The one check every number in a request body passes before anything converts or formats it. Bodies bind
 * numbers as the text the caller sent (a JSON number binds to a {@code String} as its literal), because a
 * 25-byte {@code 1e300000000} is cheap as text but takes seconds and hundreds of megabytes as soon as
 * something expands it ({@code toPlainString}, {@code toBigInteger}, an {@code Instant} from epoch seconds).
 * The text is bounded first (length, then scale), then converted exactly; a refusal names the field, never
 * the value.
 */
final class BoundedNumber {
    /** Ample for any whole number a long holds, written out or as {@code 1.0e3}. */
    static final int MAX_CHARS = 32;
    /** With at most 32 characters the unscaled value has at most 31 digits; only the exponent can be wild. */
    private static final int MAX_SCALE = MAX_CHARS;

    private BoundedNumber() {}

    /** A whole number that fits a long, or null when the field is absent. {@code 2.0} is 2; {@code 1.5} is refused. */
    @Nullable
    static Long whole(String field, @Nullable String text) {
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_CHARS) {
            throw notWhole(field);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw notWhole(field);
        }
        if (Math.abs(value.scale()) > MAX_SCALE) {
            throw notWhole(field);
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw notWhole(field);
        }
    }

    /** {@link #whole} for fields that are ints. */
    @Nullable
    static Integer wholeInt(String field, @Nullable String text) {
        Long value = whole(field, text);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw notWhole(field);
        }
        return value.intValue();
    }

    private static CheckoutException.InvalidInput notWhole(String field) {
        return new CheckoutException.InvalidInput(field + " must be a whole number (at most " + MAX_CHARS + " characters, no fraction)");
    }
}
