package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step's JSON answer: its status, body and any headers beside {@code Content-Type}. */
record ApiResponse(int status, Object body, Map<String, String> headers) {

    static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    static ApiResponse created(Object body) {
        return new ApiResponse(201, body, Map.of());
    }

    static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body, Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, body, Map.copyOf(all));
    }

    APIGatewayV2HTTPResponse toEvent(JsonMapper json) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(all)
                    .withBody(json.writeValueAsString(body)).withIsBase64Encoded(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
