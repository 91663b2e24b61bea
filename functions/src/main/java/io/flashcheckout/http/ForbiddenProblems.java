package io.flashcheckout.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Produces
@Singleton
public class ForbiddenProblems implements ExceptionHandler<Caller.Forbidden, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Caller.Forbidden e) {
        return Problem.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), request.getPath()).toResponse();
    }
}
