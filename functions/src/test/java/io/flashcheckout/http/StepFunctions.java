package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;

import java.util.List;

/**
 * The six HTTP functions' handlers on one Micronaut context, and API Gateway's routing in front of them: an event
 * goes to the handler whose route table has its method and path (the template routes each route to that function:
 * TemplateDriftTest checks that the template's routes and the handlers' tables agree). An event no route matches,
 * which API Gateway never sends, goes to the handler that has its path with another method, else to the reads
 * function, so the tests also see how a handler answers a request it does not serve.
 */
final class StepFunctions {
    private final List<StepHandler> handlers;
    private final StepHandler fallback;

    StepFunctions(ApplicationContext context) {
        ReadsHandler reads = new ReadsHandler(context);
        this.handlers = List.of(new ReserveHandler(context), new PayHandler(context), new CancelHandler(context),
                reads, new QueueHandler(context), new AdminHandler(context), new MyDataHandler(context));
        this.fallback = reads;
    }

    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        StepHandler handler = handlerFor(event.getRequestContext().getHttp().getMethod(), event.getRawPath());
        return handler.handleRequest(event, new TestLambdaContext(handler.getClass().getSimpleName()));
    }

    /** The route API Gateway would match for the event, or null when there is none. */
    Route routeFor(String method, String path) {
        String[] segments = path.split("/", -1);
        for (StepHandler handler : handlers) {
            for (Route route : handler.routeTable()) {
                if (route.method().equalsIgnoreCase(method) && route.parameters(segments) != null) {
                    return route;
                }
            }
        }
        return null;
    }

    StepHandler handlerFor(String method, String path) {
        String[] segments = path.split("/", -1);
        StepHandler samePath = null;
        for (StepHandler handler : handlers) {
            for (Route route : handler.routeTable()) {
                if (route.parameters(segments) != null) {
                    if (route.method().equalsIgnoreCase(method)) {
                        return handler;
                    }
                    samePath = handler;
                }
            }
        }
        return samePath != null ? samePath : fallback;
    }

    List<StepHandler> handlers() {
        return handlers;
    }
}
