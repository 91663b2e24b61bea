package io.flashcheckout.psp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** What a handler needs from an exchange: method, path, query, the idempotency key and the JSON body. */
record ApiRequest(String method, String path, Map<String, String> query, String idempotencyKeyHeader, byte[] body) {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    static ApiRequest from(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw ApiError.payloadTooLarge(MAX_BODY_BYTES);
        }
        return new ApiRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                parseQuery(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                body);
    }

    /** The {@code Idempotency-Key} header: required, 1 to 200 characters. */
    String idempotencyKey() {
        String key = idempotencyKeyHeader;
        if (key == null || key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw ApiError.badRequest("the Idempotency-Key header is required (1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters)");
        }
        return key;
    }

    String requiredQueryParameter(String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("query parameter " + name + " is required");
        }
        return value;
    }

    ObjectNode jsonBody() {
        return Json.readObject(body);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        try {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed query string");
        }
        return query;
    }
}
