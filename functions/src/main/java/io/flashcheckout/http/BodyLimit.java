package io.flashcheckout.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.OptionalLong;

/**
 * Refuses bodies over 64 KiB before anything parses them. The Lambda proxy path does not apply Micronaut's
 * own {@code max-request-size}, and Content-Length is only what the client says (absent when chunked): the
 * cap is checked against the body itself, which in the Lambda path is already in memory (the event's
 * string, base64-decoded when API Gateway encoded it).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class BodyLimit {
    static final long MAX_BODY_BYTES = 64 * 1024;

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> refuseLargeBodies(HttpRequest<?> request) {
        long actual;
        try {
            actual = actualLength(request);
        } catch (IllegalArgumentException notBase64) {
            return Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "the body is not valid base64", request.getPath()).toResponse();
        }
        if (request.getContentLength() > MAX_BODY_BYTES || actual > MAX_BODY_BYTES) {
            return Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "invalid-request",
                    "the body is larger than " + MAX_BODY_BYTES + " bytes", request.getPath()).toResponse();
        }
        return null;
    }

    /** The body's size when it is known up front (always in the Lambda path), else -1. */
    private static long actualLength(HttpRequest<?> request) {
        if (request instanceof ServerHttpRequest<?> server) {
            OptionalLong length = server.byteBody().expectedLength();
            return length.orElse(-1);
        }
        return -1;
    }
}
