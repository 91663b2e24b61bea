package io.flashcheckout.http;

import io.micronaut.core.annotation.Nullable;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One route of a step's function, as API Gateway matches it: a method and a path whose {@code {name}} segments
 * match one non-empty segment each; and who may call it.
 */
public record Route(String method, String path, Who who) {

    /** Who may call a route. Identity is only ever a token the function verified itself. */
    public enum Who {
        /** No token needed (the sale page). */
        ANYONE,
        /** A verified token: a shopper, or an admin. */
        VERIFIED_CALLER,
        /** A verified token with the admin scope from an issuer that may grant it. */
        ADMIN
    }

    /** What a route answers. */
    @FunctionalInterface
    interface Action {
        ApiResponse answer(ApiRequest request);
    }

    static Route get(String path, Who who) {
        return new Route("GET", path, who);
    }

    static Route post(String path, Who who) {
        return new Route("POST", path, who);
    }

    /** API Gateway's route key, e.g. {@code POST /sales/{saleId}/reservations}. */
    public String key() {
        return method + " " + path;
    }

    Routes.Bound to(Action action) {
        return new Routes.Bound(this, action);
    }

    /** The path's parameters, percent-decoded, or null when the path is not this route's. */
    @Nullable
    Map<String, String> parameters(String[] segments) {
        String[] template = path.split("/", -1);
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                parameters.put(part.substring(1, part.length() - 1), decode(segments[i]));
            } else if (!part.equals(segments[i])) {
                return null;
            }
        }
        return parameters;
    }

    /** A segment's percent-escapes decoded; a malformed one is kept as it came (the id checks refuse it). */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }
}
