package io.flashcheckout.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses bodies over 64 KiB before anything parses them. API Gateway passes the client's Content-Length
 * header; the Lambda proxy path does not apply Micronaut's own {@code max-request-size}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class BodyLimit {
    static final long MAX_BODY_BYTES = 64 * 1024;

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> refuseLargeBodies(HttpRequest<?> request) {
        if (request.getContentLength() > MAX_BODY_BYTES) {
            return Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "invalid-request",
                    "the body is larger than " + MAX_BODY_BYTES + " bytes", request.getPath()).toResponse();
        }
        return null;
    }
}
