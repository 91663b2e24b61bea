package io.flashcheckout.http;

import java.util.List;
import java.util.Map;

/**
 * A function's route table: the routes the template's {@code HttpApi} events send to it, each with its action. A
 * request no route of the table matches is answered 404 (405 when the path is one of its routes' with another
 * method): on AWS API Gateway never sends one, so this is for a misrouted event.
 */
final class Routes {
    record Bound(Route route, Route.Action action) {}

    record Match(Route route, Route.Action action, Map<String, String> parameters) {}

    private final List<Bound> routes;

    private Routes(List<Bound> routes) {
        this.routes = routes;
    }

    static Routes of(Bound... routes) {
        return new Routes(List.of(routes));
    }

    List<Route> routes() {
        return routes.stream().map(Bound::route).toList();
    }

    Match match(String method, String path) {
        String[] segments = path.split("/", -1);
        boolean pathKnown = false;
        for (Bound bound : routes) {
            Map<String, String> parameters = bound.route().parameters(segments);
            if (parameters != null) {
                if (bound.route().method().equalsIgnoreCase(method)) {
                    return new Match(bound.route(), bound.action(), parameters);
                }
                pathKnown = true;
            }
        }
        throw Refusal.of(pathKnown ? 405 : 404);
    }
}
