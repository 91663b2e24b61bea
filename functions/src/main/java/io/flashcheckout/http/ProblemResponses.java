package io.flashcheckout.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Every error Micronaut itself answers (malformed JSON, wrong types, missing body or header, unknown route,
 * rejected token) becomes {@code application/problem+json}, whatever the client's Accept header says.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemResponses implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        if (detail.isBlank()) {
            detail = status.getReason();
        }
        if (status.getCode() >= 500) {
            detail = "the checkout could not answer; try again";
        }
        Problem problem = Problem.of(status, slugFor(status), detail, context.getRequest().getPath());
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }

    static String slugFor(HttpStatus status) {
        return switch (status.getCode()) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            default -> status.getCode() >= 500 ? "internal-error" : "invalid-request";
        };
    }
}
