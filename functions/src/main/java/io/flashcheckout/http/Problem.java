package io.flashcheckout.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** An RFC 9457 problem document; {@code type} ends in the stable slug clients switch on. */
@Serdeable
public record Problem(String type, String title, int status, @Nullable String detail, @Nullable String instance) {
    public static final String TYPE_PREFIX = "urn:flash-checkout:problem:";
    public static final MediaType MEDIA_TYPE = MediaType.of("application/problem+json");

    static Problem of(HttpStatus status, String slug, String detail, String instance) {
        return new Problem(TYPE_PREFIX + slug, title(slug), status.getCode(), detail, instance);
    }

    MutableHttpResponse<Problem> toResponse() {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(status)).contentType(MEDIA_TYPE).body(this);
    }

    private static String title(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
