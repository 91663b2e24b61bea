package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A refusal for load is a 503 the storefront may send again; a refusal on the merits is not. */
class CheckoutProblemsTest {
    private final CheckoutProblems problems = new CheckoutProblems();

    @Test
    void aBusyStoreAnswers503WithRetryAfter() {
        HttpResponse<Problem> response = problems.handle(HttpRequest.POST("/sales/s/reservations", "{}"),
                new CheckoutException.Busy("the store is busy (ThrottlingError); try again", new RuntimeException()));

        assertThat(response.code()).isEqualTo(503);
        assertThat(response.header(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getBody()).get().extracting(Problem::type).isEqualTo("urn:flash-checkout:problem:busy");
    }

    @Test
    void aSoldOutSaleAnswers409WithoutRetryAfter() {
        HttpResponse<Problem> response = problems.handle(HttpRequest.POST("/sales/s/reservations", "{}"),
                new CheckoutException.SoldOut("none left"));

        assertThat(response.code()).isEqualTo(409);
        assertThat(response.header(HttpHeaders.RETRY_AFTER)).isNull();
    }

    @Test
    void aProblemIsNotCachedAndNamesOnlyAShortPlainPath() {
        HttpResponse<Problem> plain = problems.handle(HttpRequest.GET("/sales/s"), new CheckoutException.NotFound("no sale s"));
        HttpResponse<Problem> escaped = problems.handle(HttpRequest.GET("/sales/a%0D%0Ab"), new CheckoutException.NotFound("no sale"));
        HttpResponse<Problem> huge = problems.handle(HttpRequest.GET("/sales/" + "a".repeat(10_000)), new CheckoutException.NotFound("no sale"));

        assertThat(plain.header(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        assertThat(plain.getBody()).get().extracting(Problem::instance).isEqualTo("/sales/s");
        assertThat(escaped.getBody()).get().extracting(Problem::instance).isNull();
        assertThat(huge.getBody()).get().extracting(Problem::instance).isNull();
    }
}
