package io.flashcheckout.local.emulation;

import io.flashcheckout.local.template.CloudFormationTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.flashcheckout.local.template.CloudFormationTemplate.map;

/**
 * Which of the template's functions API Gateway would invoke for a request: each function's {@code HttpApi} events
 * (method and path, {@code {param}} matching one segment), with the function's name ({@code flash-checkout-reserve},
 * ...: the template's {@code FunctionName} without the stage, as the local workers are named) and its
 * {@code Handler} class.
 */
final class FunctionRoutes {
    private static final String STAGE = "${Stage}-";

    private record Route(String method, Pattern path, String function, String handler) {}

    /** The function API Gateway invokes for a route: its local name and its handler class. */
    record Target(String function, String handler) {}

    private final List<Route> routes;

    private FunctionRoutes(List<Route> routes) {
        this.routes = routes;
    }

    static FunctionRoutes of(CloudFormationTemplate template) {
        List<Route> routes = new ArrayList<>();
        template.resources("AWS::Serverless::Function").forEach((id, function) -> {
            Object events = function.get("Events");
            if (events == null) {
                return;
            }
            String name = localName(id, function);
            String handler = (String) function.get("Handler");
            map(events).values().forEach(event -> {
                if ("HttpApi".equals(map(event).get("Type"))) {
                    Map<String, Object> properties = map(map(event).get("Properties"));
                    routes.add(new Route(((String) properties.get("Method")).toUpperCase(Locale.ROOT),
                            pathPattern((String) properties.get("Path")), name, handler));
                }
            });
        });
        return new FunctionRoutes(List.copyOf(routes));
    }

    /** A function's name on this machine: its {@code FunctionName} without the stage, else its logical id. */
    static String localName(String id, Map<String, Object> function) {
        Object declared = function.get("FunctionName");
        if (declared instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String name) {
            return name.replace(STAGE, "");
        }
        return declared instanceof String name ? name : id;
    }

    private static Pattern pathPattern(String path) {
        StringBuilder regex = new StringBuilder();
        for (String part : path.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** The function for {@code method} on {@code path}, or {@code fallback} when no route matches (API Gateway's 404). */
    String functionFor(String method, String path, String fallback) {
        return target(method, path).map(Target::function).orElse(fallback);
    }

    /** The function API Gateway invokes for {@code method} on {@code path}; none: API Gateway answers 404 itself. */
    Optional<Target> target(String method, String path) {
        for (Route route : routes) {
            if (route.method().equalsIgnoreCase(method) && route.path().matcher(path).matches()) {
                return Optional.of(new Target(route.function(), route.handler()));
            }
        }
        return Optional.empty();
    }

    /** Every function with routes, by name, and its handler class. */
    Map<String, String> handlers() {
        Map<String, String> handlers = new TreeMap<>();
        routes.forEach(route -> handlers.put(route.function(), route.handler()));
        return handlers;
    }
}
