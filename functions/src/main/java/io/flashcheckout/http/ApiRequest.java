package io.flashcheckout.http;

import io.flashcheckout.identity.VerifiedToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * A request as a step sees it, once the HTTP layer has checked its headers, bounded its body, matched its route
 * and verified its caller.
 */
final class ApiRequest {
    private final Map<String, String> headers;
    private final byte[] body;
    private final Map<String, String> parameters;
    private final VerifiedToken caller;
    private final JsonMapper json;
    private final Map<String, String> query;
    private final String sourceIp;

    ApiRequest(Map<String, String> headers, byte[] body, Map<String, String> parameters,
               @Nullable VerifiedToken caller, JsonMapper json) {
        this(headers, body, parameters, caller, json, Map.of(), null);
    }

    ApiRequest(Map<String, String> headers, byte[] body, Map<String, String> parameters,
               @Nullable VerifiedToken caller, JsonMapper json, Map<String, String> query, @Nullable String sourceIp) {
        this.headers = headers;
        this.body = body;
        this.parameters = parameters;
        this.caller = caller;
        this.json = json;
        this.query = query;
        this.sourceIp = sourceIp;
    }

    /** A query parameter as API Gateway decoded it (repeated ones joined with commas), not yet checked; null if absent. */
    @Nullable
    String query(String name) {
        return query.get(name);
    }

    /**
     * The caller's address from API Gateway's request context ({@code requestContext.http.sourceIp}): the address of
     * the connection, which the caller cannot set the way it sets {@code X-Forwarded-For}.
     */
    @Nullable
    String sourceIp() {
        return sourceIp;
    }

    /** A path parameter, percent-decoded and not yet checked (see {@link PathIds}). */
    String path(String name) {
        return parameters.get(name);
    }

    /** A header by its name in any case; null when absent. */
    @Nullable
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The verified token; routes open to anyone have none. */
    VerifiedToken caller() {
        return caller;
    }

    /**
     * The JSON body bound to {@code type}, null when there is none. A body that is not JSON, or does not fit the type,
     * is a 400 whose detail is a fixed sentence (the parser's message would repeat the input); another media type
     * is 415.
     */
    @Nullable
    <T> T body(Class<T> type) {
        if (body.length == 0) {
            return null;
        }
        String contentType = header("content-type");
        if (contentType != null && !isJson(contentType)) {
            throw Refusal.of(415);
        }
        try {
            return json.readValue(body, type);
        } catch (IOException | RuntimeException malformed) {
            throw Refusal.of(400);
        }
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }
}
