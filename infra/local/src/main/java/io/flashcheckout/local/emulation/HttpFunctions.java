package io.flashcheckout.local.emulation;

import io.flashcheckout.local.template.CloudFormationTemplate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The template's HTTP functions behind API Gateway's routing: a request goes to the handler class the template's
 * {@code Handler:} names for the function its route belongs to ({@link FunctionRoutes}), and a request no route
 * matches is answered as API Gateway answers it, 404 {@code {"message":"Not Found"}}, without invoking anything. The
 * handlers share one Micronaut context (on AWS each function has its own; here one process runs them all).
 */
public final class HttpFunctions implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {
    private static final FunctionRoutes ROUTES = FunctionRoutes.of(CloudFormationTemplate.bundled());

    private final ApplicationContext context;
    private final boolean ownsContext;
    private final Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers = new LinkedHashMap<>();

    private HttpFunctions(ApplicationContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        ROUTES.handlers().forEach((function, handler) -> handlers.put(function, instantiate(handler, context)));
    }

    /** On a context of their own, made as Lambda makes it (the configuration from the JVM's properties); closed with them. */
    public static HttpFunctions started() {
        return owning(new LambdaApplicationContextBuilder().build().start());
    }

    /** On {@code context}, which closing the functions closes. */
    public static HttpFunctions owning(ApplicationContext context) {
        return new HttpFunctions(context, true);
    }

    /** On {@code context}, which the caller closes. */
    public static HttpFunctions sharing(ApplicationContext context) {
        return new HttpFunctions(context, false);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context lambda) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? "" : event.getRequestContext().getHttp().getMethod();
        Optional<FunctionRoutes.Target> target = ROUTES.target(method, event.getRawPath());
        if (target.isEmpty()) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(404)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody("{\"message\":\"Not Found\"}").withIsBase64Encoded(false).build();
        }
        return handlers.get(target.get().function()).handleRequest(event, lambda);
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> instantiate(String handler, ApplicationContext context) {
        try {
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(handler)
                    .getConstructor(ApplicationContext.class).newInstance(context);
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("the template's handler " + handler
                    + " is not a handler with an (ApplicationContext) constructor in the functions jar", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the handler " + handler + " could not start: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        if (ownsContext) {
            context.close();
        }
    }
}
