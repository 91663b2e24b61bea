package io.flashcheckout.local.emulation;

import com.sun.net.httpserver.Headers;
import io.flashcheckout.local.template.CloudFormationTemplate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.flashcheckout.local.template.CloudFormationTemplate.list;
import static io.flashcheckout.local.template.CloudFormationTemplate.map;

/**
 * What the HTTP API's CORS configuration does on AWS: the template's {@code HttpApi} {@code CorsConfiguration}, with
 * its {@code PageOrigin} parameter set to where the console and storefront pages are hosted. API Gateway answers a
 * preflight itself, before any authorizer or function, and adds {@code Access-Control-Allow-Origin} to the answers for
 * an allowed origin; the function's own CORS headers are never used. Without a page origin the template configures
 * none: OPTIONS is routed like any method (API Gateway's 404) and no answer carries CORS headers.
 */
final class ApiCors {
    static final String PARAMETER = "PageOrigin";

    private final Set<String> origins;
    private final Set<String> methods;
    private final Set<String> headers;
    private final String exposed;
    private final int maxAgeSeconds;

    private ApiCors(Set<String> origins, Set<String> methods, Set<String> headers, String exposed, int maxAgeSeconds) {
        this.origins = origins;
        this.methods = methods;
        this.headers = headers;
        this.exposed = exposed;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** The template's CORS configuration with {@code pageOrigin} (null or blank: the parameter's default). */
    static Optional<ApiCors> of(CloudFormationTemplate template, String pageOrigin) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        template.section("Parameters").forEach((name, declared) -> parameters.put(name, map(declared).get("Default")));
        if (pageOrigin != null && !pageOrigin.isBlank()) {
            parameters.put(PARAMETER, pageOrigin);
        }
        Values values = new Values(parameters, template.section("Conditions"));
        return template.resources("AWS::Serverless::HttpApi").values().stream()
                .map(api -> values.resolve(api.get("CorsConfiguration")))
                .filter(Objects::nonNull)
                .findFirst()
                .map(cors -> new ApiCors(lowered(cors, "AllowOrigins"), lowered(cors, "AllowMethods"),
                        lowered(cors, "AllowHeaders"), String.join(",", strings(cors, "ExposeHeaders")),
                        ((Number) map(cors).getOrDefault("MaxAge", 0)).intValue()));
    }

    /** A browser's preflight: OPTIONS with an Origin and the method it asks leave for. */
    static boolean isPreflight(String method, Headers request) {
        return method.equalsIgnoreCase("OPTIONS") && request.containsKey("Origin")
                && request.containsKey("Access-Control-Request-Method");
    }

    /**
     * The headers of API Gateway's 204 to a preflight: the grant when the origin, the method and every requested
     * header are allowed, none otherwise (the browser then refuses the call).
     */
    Map<String, String> preflight(Headers request) {
        String origin = request.getFirst("Origin");
        String method = request.getFirst("Access-Control-Request-Method").trim().toLowerCase(Locale.ROOT);
        String asked = Optional.ofNullable(request.getFirst("Access-Control-Request-Headers")).orElse("");
        boolean headersAllowed = Arrays.stream(asked.split(","))
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .allMatch(h -> h.isEmpty() || headers.contains(h) || headers.contains("*"));
        if (!allows(origin) || !(methods.contains(method) || methods.contains("*")) || !headersAllowed) {
            return Map.of();
        }
        Map<String, String> grant = new LinkedHashMap<>(allowOrigin(origin));
        grant.put("Access-Control-Allow-Methods", String.join(",", methods).toUpperCase(Locale.ROOT));
        if (!asked.isBlank()) {
            grant.put("Access-Control-Allow-Headers", String.join(",", headers));
        }
        if (maxAgeSeconds > 0) {
            grant.put("Access-Control-Max-Age", Integer.toString(maxAgeSeconds));
        }
        return grant;
    }

    /** What API Gateway adds to a routed answer: for an allowed origin, that origin and the headers a page may read. */
    Map<String, String> answer(Headers request) {
        String origin = request.getFirst("Origin");
        if (!allows(origin)) {
            return Map.of();
        }
        Map<String, String> added = new LinkedHashMap<>(allowOrigin(origin));
        if (!exposed.isEmpty()) {
            added.put("Access-Control-Expose-Headers", exposed);
        }
        return added;
    }

    private boolean allows(String origin) {
        return origin != null && (origins.contains("*") || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }

    private Map<String, String> allowOrigin(String origin) {
        return origins.contains("*") ? Map.of("Access-Control-Allow-Origin", "*")
                : Map.of("Access-Control-Allow-Origin", origin, "Vary", "Origin");
    }

    private static Set<String> lowered(Object cors, String key) {
        return strings(cors, key).stream().map(v -> v.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static List<String> strings(Object cors, String key) {
        Object value = map(cors).get(key);
        return value == null ? List.of() : list(value).stream().map(String::valueOf).toList();
    }

    /** The few intrinsic functions a CORS block and its condition use: Ref, Fn::If, Fn::Not, Fn::Equals. */
    private record Values(Map<String, Object> parameters, Map<String, Object> conditions) {
        Object resolve(Object value) {
            if (value instanceof Map<?, ?> m && m.size() == 1) {
                Map.Entry<?, ?> only = m.entrySet().iterator().next();
                switch (String.valueOf(only.getKey())) {
                    case "Ref" -> {
                        return "AWS::NoValue".equals(only.getValue()) ? null : parameters.get(String.valueOf(only.getValue()));
                    }
                    case "Fn::If" -> {
                        List<Object> branches = list(only.getValue());
                        return resolve(holds(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2));
                    }
                    default -> { }
                }
            }
            if (value instanceof Map<?, ?> m) {
                Map<String, Object> resolved = new LinkedHashMap<>();
                m.forEach((k, v) -> resolved.put(String.valueOf(k), resolve(v)));
                return resolved;
            }
            if (value instanceof List<?> l) {
                return l.stream().map(this::resolve).toList();
            }
            return value;
        }

        private boolean holds(String condition) {
            return truth(conditions.get(condition));
        }

        private boolean truth(Object expression) {
            Map<String, Object> function = map(expression);
            if (function.containsKey("Fn::Not")) {
                return !truth(list(function.get("Fn::Not")).get(0));
            }
            if (function.containsKey("Fn::Equals")) {
                List<Object> sides = list(function.get("Fn::Equals"));
                return String.valueOf(resolve(sides.get(0))).equals(String.valueOf(resolve(sides.get(1))));
            }
            if (function.containsKey("Condition")) {
                return holds(String.valueOf(function.get("Condition")));
            }
            throw new IllegalArgumentException("a condition the local stack does not evaluate: " + function);
        }
    }
}
