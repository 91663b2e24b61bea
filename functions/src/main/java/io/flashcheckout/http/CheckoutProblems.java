package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/** Maps the checkout's typed refusals to HTTP statuses; the slug travels in the problem's type. */
final class CheckoutProblems {
    private CheckoutProblems() {}

    static Problem problem(CheckoutException e, @Nullable String path) {
        return Problem.of(statusOf(e), e.slug(), e.getMessage(), path);
    }

    /** A throttled write took nothing: the storefront sends it again, with the same Idempotency-Key. */
    static Map<String, String> headers(CheckoutException e) {
        if (e instanceof CheckoutException.AdmissionRequired admission) {
            // the way to the queue, as a link (RFC 8288) beside the problem's detail
            return Map.of("Link", "<" + admission.queuePath() + ">; rel=\"queue\"");
        }
        return e instanceof CheckoutException.Busy ? Map.of("Retry-After", "1") : Map.of();
    }

    static int statusOf(CheckoutException e) {
        return switch (e) {
            case CheckoutException.InvalidInput ignored -> 400;
            case CheckoutException.NotFound ignored -> 404;
            case CheckoutException.PaymentDeclined ignored -> 402;
            case CheckoutException.IdempotencyConflict ignored -> 422;
            case CheckoutException.SoldOut ignored -> 409;
            case CheckoutException.LimitReached ignored -> 409;
            case CheckoutException.CardLimitReached ignored -> 409;
            case CheckoutException.PhoneLimitReached ignored -> 409;
            case CheckoutException.SaleNotOpen ignored -> 409;
            case CheckoutException.HoldExpired ignored -> 409;
            case CheckoutException.NotPayable ignored -> 409;
            // 409, not 429: waiting does not help, this order will never be charged again
            case CheckoutException.PaymentAttemptsExhausted ignored -> 409;
            case CheckoutException.NotCancellable ignored -> 409;
            case CheckoutException.Conflict ignored -> 409;
            case CheckoutException.AdmissionRequired ignored -> 403;
            case CheckoutException.InvalidTicket ignored -> 403;
            case CheckoutException.WrongChannel ignored -> 403;
            case CheckoutException.Busy ignored -> 503;
        };
    }
}
