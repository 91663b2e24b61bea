package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps the checkout's typed refusals to HTTP statuses; the slug travels in the problem's type. */
@Produces
@Singleton
@Requires(classes = {CheckoutException.class, ExceptionHandler.class})
public class CheckoutProblems implements ExceptionHandler<CheckoutException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, CheckoutException e) {
        MutableHttpResponse<Problem> response =
                Problem.of(statusOf(e), e.slug(), e.getMessage(), request.getPath()).toResponse();
        // a throttled write took nothing: the storefront sends it again, with the same Idempotency-Key
        return e instanceof CheckoutException.Busy ? response.header(HttpHeaders.RETRY_AFTER, "1") : response;
    }

    static HttpStatus statusOf(CheckoutException e) {
        return switch (e) {
            case CheckoutException.InvalidInput ignored -> HttpStatus.BAD_REQUEST;
            case CheckoutException.NotFound ignored -> HttpStatus.NOT_FOUND;
            case CheckoutException.PaymentDeclined ignored -> HttpStatus.PAYMENT_REQUIRED;
            case CheckoutException.IdempotencyConflict ignored -> HttpStatus.UNPROCESSABLE_ENTITY;
            case CheckoutException.SoldOut ignored -> HttpStatus.CONFLICT;
            case CheckoutException.LimitReached ignored -> HttpStatus.CONFLICT;
            case CheckoutException.SaleNotOpen ignored -> HttpStatus.CONFLICT;
            case CheckoutException.HoldExpired ignored -> HttpStatus.CONFLICT;
            case CheckoutException.NotPayable ignored -> HttpStatus.CONFLICT;
            // 409, not 429: waiting does not help, this order will never be charged again
            case CheckoutException.PaymentAttemptsExhausted ignored -> HttpStatus.CONFLICT;
            case CheckoutException.NotCancellable ignored -> HttpStatus.CONFLICT;
            case CheckoutException.Conflict ignored -> HttpStatus.CONFLICT;
            case CheckoutException.Busy ignored -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }
}
