package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.identity.AccessTokenVerifier;
import io.flashcheckout.identity.VerifiedToken;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import org.crac.Core;
import org.crac.Resource;
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
 * and the admin scope where it says so (403); a write route of a closed store is 409 {@code store-closed}
 * ({@link ClosingRoute}); then the step answers, and a refusal of the checkout becomes its
 * problem. Everything runs as one {@link LambdaInvocation}.
 */
public abstract class StepHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>
        implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(StepHandler.class);
    /** Control characters other than tab. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F]");

    @Inject
    LambdaInvocation invocation;

    @Inject
    AccessTokenVerifier verifier;

    @Inject
    JsonMapper json;

    /** Made on the first write route a function serves: a reads-only function never makes it. */
    @Inject
    jakarta.inject.Provider<io.flashcheckout.closing.StoreClosingService> closing;

    /**
     * Lambda's constructor: starts the function's own Micronaut context, and registers the handler with CRaC so that
     * SnapStart runs {@link #beforeCheckpoint} (beside the context's {@code SnapStartPriming}) before the snapshot.
     */
    protected StepHandler() {
        Core.getGlobalContext().register(this);
    }

    /** Runs on a context made elsewhere (the tests, the local stack); closing the handler closes it. */
    protected StepHandler(ApplicationContext context) {
        super(context);
    }

    /**
     * Micronaut's Lambda context builder makes every singleton and configuration of the jar at init (the payment
     * adapter, the queues, the Secrets Manager client, ...): a step's function makes only the beans its routes use,
     * when they are first needed. On SnapStart, {@code SnapStartPriming} does that work before the snapshot.
     *
     * <p>A builder of its own with the Lambda builder's environments, not that builder told
     * {@code eagerInitSingletons(false)}: that call only ever adds eager singletons, so the Lambda builder's
     * {@code true} stood, and the reserve function made its queues, payment adapter and Jackson mapper at init.
     */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return ApplicationContext.builder().environments(Environment.FUNCTION, LAMBDA_ENVIRONMENT);
    }

    /** The environment Micronaut's Lambda builder adds beside {@code function}. */
    static final String LAMBDA_ENVIRONMENT = "lambda";

    /** The routes the template's {@code HttpApi} events send to this function. */
    abstract Routes routes();

    /** The route keys this function serves, e.g. {@code POST /sales/{saleId}/reservations}. */
    public List<Route> routeTable() {
        return routes().routes();
    }

    /**
     * Before the SnapStart snapshot: one refused request per route (a bearer token that is not a JWT: 401; on a route
     * open to anyone, an id that is not one: 400) and one on no route (404), so the request path, the token parser
     * and the JSON writer are loaded and run in the snapshot. Nothing is read or written: every one is refused first.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        for (Route route : routeTable()) {
            String path = route.path().replaceAll("\\{[^/]+}", "-");
            answer(primingEvent(route.method(), path));
        }
        answer(primingEvent("GET", "/"));
        try {
            json.readValue("{\"quantity\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Requests.Reserve.class);
        } catch (java.io.IOException e) {
            LOG.info("priming the JSON reader failed: {}", e.getMessage());
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing held that a restore must renew
    }

    private static APIGatewayV2HTTPEvent primingEvent(String method, String path) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath(path).withRawQueryString("")
                .withHeaders(Map.of("authorization", "Bearer priming.not.a-token", "content-type", "application/json"))
                .withBody("{}").withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .build())
                .build();
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
            if (!match.route().method().equals("GET")) {
                ClosingRoute.requireOpen(match.route(), closing.get());
            }
            return match.action().answer(new ApiRequest(headers, body, match.parameters(), caller, json,
                    queryOf(event), sourceIpOf(event))).toEvent(json);
        } catch (CheckoutException refused) {
            return ProblemResponses.of(json, CheckoutProblems.problem(refused, path), CheckoutProblems.headers(refused));
        } catch (Refusal refused) {
            return ProblemResponses.of(json, Problem.of(refused.status(), refused.slug(), refused.getMessage(), path), null);
        } catch (RuntimeException failed) {
            if (StoreOutage.is(failed)) {
                LOG.warn("a backend did not answer after the SDK's retries: {}", failed.toString());
                CheckoutException busy = new CheckoutException.Busy("the store did not answer; try again", failed);
                return ProblemResponses.of(json, CheckoutProblems.problem(busy, path), CheckoutProblems.headers(busy));
            }
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

    private static Map<String, String> queryOf(APIGatewayV2HTTPEvent event) {
        return event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    }

    private static String sourceIpOf(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null || context.getHttp() == null ? null : context.getHttp().getSourceIp();
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
