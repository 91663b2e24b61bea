package io.flashcheckout.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.regex.Pattern;

/** An RFC 9457 problem document; {@code type} ends in the stable slug clients switch on. */
@Serdeable
public record Problem(String type, String title, int status, @Nullable String detail, @Nullable String instance) {
    public static final String TYPE_PREFIX = "urn:flash-checkout:problem:";
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Every route's path with valid ids fits; a longer one is the caller's invention and is not repeated. */
    static final int MAX_INSTANCE_CHARS = 128;
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9/._~-]{0," + (MAX_INSTANCE_CHARS - 1) + "}");

    static Problem of(int status, String slug, String detail, @Nullable String path) {
        return new Problem(TYPE_PREFIX + slug, title(slug), status, detail, instance(path));
    }

    /**
     * The request's path, when it is short and plain (no percent-escapes, so no control characters); otherwise
     * none: the answer's size and content must not be the caller's choice.
     */
    @Nullable
    static String instance(@Nullable String path) {
        return path != null && path.length() <= MAX_INSTANCE_CHARS && PLAIN_PATH.matcher(path).matches() ? path : null;
    }

    private static String title(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
