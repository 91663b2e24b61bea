package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.checkout.CheckoutException;
import io.micronaut.json.JsonMapper;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A refusal for load is a 503 the storefront may send again; a refusal on the merits is not. */
class CheckoutProblemsTest {
    private final JsonMapper json = JsonMapper.createDefault();

    private APIGatewayV2HTTPResponse answer(String path, CheckoutException e) {
        return ProblemResponses.of(json, CheckoutProblems.problem(e, path), CheckoutProblems.headers(e));
    }

    private Problem problem(APIGatewayV2HTTPResponse response) throws IOException {
        return json.readValue(response.getBody(), Problem.class);
    }

    @Test
    void aBusyStoreAnswers503WithRetryAfter() throws IOException {
        APIGatewayV2HTTPResponse response = answer("/sales/s/reservations",
                new CheckoutException.Busy("the store is busy (ThrottlingError); try again", new RuntimeException()));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "1").containsEntry("Content-Type", "application/problem+json");
        assertThat(problem(response).type()).isEqualTo("urn:flash-checkout:problem:busy");
    }

    @Test
    void aSoldOutSaleAnswers409WithoutRetryAfter() {
        APIGatewayV2HTTPResponse response = answer("/sales/s/reservations", new CheckoutException.SoldOut("none left"));

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getHeaders()).doesNotContainKey("Retry-After");
    }

    @Test
    void aProblemIsNotCachedAndNamesOnlyAShortPlainPath() throws IOException {
        APIGatewayV2HTTPResponse plain = answer("/sales/s", new CheckoutException.NotFound("no sale s"));
        APIGatewayV2HTTPResponse escaped = answer("/sales/a%0D%0Ab", new CheckoutException.NotFound("no sale"));
        APIGatewayV2HTTPResponse huge = answer("/sales/" + "a".repeat(10_000), new CheckoutException.NotFound("no sale"));

        assertThat(plain.getHeaders()).containsEntry("Cache-Control", "no-store");
        assertThat(problem(plain).instance()).isEqualTo("/sales/s");
        assertThat(problem(escaped).instance()).isNull();
        assertThat(problem(huge).instance()).isNull();
    }
}
