package io.flashcheckout.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Every error Micronaut itself answers (malformed JSON, wrong types, missing body or header, unknown route,
 * rejected token) becomes {@code application/problem+json}, whatever the client's Accept header says. Its
 * detail is a fixed sentence per status: the framework's own messages name classes and repeat the input.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemResponses implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        Problem problem = Problem.of(status, slugFor(status), detailFor(status), context.getRequest().getPath());
        return response.contentType(Problem.MEDIA_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").body(problem);
    }

    static String slugFor(HttpStatus status) {
        return switch (status.getCode()) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            default -> status.getCode() >= 500 ? "internal-error" : "invalid-request";
        };
    }

    static String detailFor(HttpStatus status) {
        return switch (status.getCode()) {
            case 400 -> "the request is malformed: check the JSON body, the types of its fields and the required headers";
            case 401 -> "a valid bearer token is required";
            case 403 -> "this route is not open to the caller";
            case 404 -> "no such resource";
            case 405 -> "this route does not take that method";
            case 406 -> "the answer is JSON; accept application/json or application/problem+json";
            case 413 -> "the body is too large";
            case 415 -> "the body must be application/json";
            default -> status.getCode() >= 500 ? "the checkout could not answer; try again" : status.getReason();
        };
    }
}
