package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.identity.AccessTokenVerifier;
import io.flashcheckout.identity.VerifiedToken;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The handler of one step's function behind API Gateway's HTTP API (payload format 2.0): Micronaut gives it its
 * beans and configuration, and nothing else runs between the event and the step. Each request, in order: headers
 * holding a control character are 400; a body over 64 KiB is 413 ({@link BodyLimit}); a route the function does not
 * serve is 404 (405 for another method); a route that needs a caller needs a token this function verified (401),
 * and the admin scope where it says so (403); then the step answers, and a refusal of the checkout becomes its
 * problem. Everything runs as one {@link LambdaInvocation}.
 */
public abstract class StepHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(StepHandler.class);
    /** Control characters other than tab. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F]");

    @Inject
    LambdaInvocation invocation;

    @Inject
    AccessTokenVerifier verifier;

    @Inject
    JsonMapper json;

    /** Lambda's constructor: starts the function's own Micronaut context. */
    protected StepHandler() {
    }

    /** Runs on a context made elsewhere (the tests, the local stack); closing the handler closes it. */
    protected StepHandler(ApplicationContext context) {
        super(context);
    }

    /** The routes the template's {@code HttpApi} events send to this function. */
    abstract Routes routes();

    /** The route keys this function serves, e.g. {@code POST /sales/{saleId}/reservations}. */
    public List<Route> routeTable() {
        return routes().routes();
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return invocation.run(() -> answer(event));
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
        String path = pathOf(event);
        try {
            Map<String, String> headers = headersOf(event);
            byte[] body = BodyLimit.body(event, headers);
            Routes.Match match = routes().match(methodOf(event), path);
            Route.Who who = match.route().who();
            VerifiedToken caller = who == Route.Who.ANYONE ? null : Caller.verified(verifier, headers.get("authorization"));
            if (who != Route.Who.ANYONE && caller == null) {
                throw Refusal.of(401);
            }
            if (who == Route.Who.ADMIN && !caller.admin()) {
                throw Caller.forbidden();
            }
            return match.action().answer(new ApiRequest(headers, body, match.parameters(), caller, json)).toEvent(json);
        } catch (CheckoutException refused) {
            return ProblemResponses.of(json, CheckoutProblems.problem(refused, path), CheckoutProblems.headers(refused));
        } catch (Refusal refused) {
            return ProblemResponses.of(json, Problem.of(refused.status(), refused.slug(), refused.getMessage(), path), null);
        } catch (RuntimeException failed) {
            LOG.error("the step failed", failed);
            return ProblemResponses.of(json, Problem.of(500, "internal-error", ProblemResponses.detailFor(500), path), null);
        }
    }

    /** Header names lower-cased, as API Gateway sends them; a control character in a name or value is 400. */
    private static Map<String, String> headersOf(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> {
                if (CONTROL.matcher(name).find() || value != null && CONTROL.matcher(value).find()) {
                    throw new Refusal(400, "invalid-request", "a header holds a control character");
                }
                if (value != null) {
                    headers.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        return headers;
    }

    private static String pathOf(APIGatewayV2HTTPEvent event) {
        if (event.getRawPath() != null) {
            return event.getRawPath();
        }
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null || context.getHttp() == null || context.getHttp().getPath() == null ? "/" : context.getHttp().getPath();
    }

    private static String methodOf(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null || context.getHttp() == null || context.getHttp().getMethod() == null
                ? "" : context.getHttp().getMethod();
    }
}
