package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every refusal is {@code application/problem+json}, whatever the client's Accept header says, and never cached.
 * What the HTTP layer refuses itself (malformed JSON, wrong types, unknown route, missing token) gets a fixed sentence
 * per status: a parser's own message names classes and repeats the input.
 */
final class ProblemResponses {
    private ProblemResponses() {}

    static APIGatewayV2HTTPResponse of(JsonMapper json, Problem problem, @Nullable Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", Problem.MEDIA_TYPE);
        headers.put("Cache-Control", "no-store");
        if (extraHeaders != null) {
            headers.putAll(extraHeaders);
        }
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(problem.status()).withHeaders(headers)
                    .withBody(json.writeValueAsString(problem)).withIsBase64Encoded(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String slugFor(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            default -> status >= 500 ? "internal-error" : "invalid-request";
        };
    }

    static String detailFor(int status) {
        return switch (status) {
            case 400 -> "the request is malformed: check the JSON body, the types of its fields and the required headers";
            case 401 -> "a valid bearer token is required";
            case 403 -> "this route is not open to the caller";
            case 404 -> "no such resource";
            case 405 -> "this route does not take that method";
            case 413 -> "the body is too large";
            case 415 -> "the body must be application/json";
            default -> status >= 500 ? "the checkout could not answer; try again" : "the request was refused";
        };
    }
}
