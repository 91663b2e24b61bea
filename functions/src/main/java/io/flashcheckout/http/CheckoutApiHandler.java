package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/** The handler of every HTTP function: Micronaut's HTTP API (payload 2.0) function, run as one {@link LambdaInvocation}. */
public class CheckoutApiHandler extends APIGatewayV2HTTPEventFunction {
    /** Control characters other than tab: Micronaut refuses them while it builds the request, before any filter. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F]");

    private final LambdaInvocation invocation;
    private final JsonMapper json;

    public CheckoutApiHandler() {
        this.invocation = getApplicationContext().getBean(LambdaInvocation.class);
        this.json = getApplicationContext().getBean(JsonMapper.class);
    }

    public CheckoutApiHandler(ApplicationContext context) {
        super(context);
        this.invocation = context.getBean(LambdaInvocation.class);
        this.json = context.getBean(JsonMapper.class);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context lambda) {
        return invocation.run(lambda, () -> hasControlCharacters(event.getHeaders())
                ? refused(event) : super.handleRequest(event, lambda));
    }

    private static boolean hasControlCharacters(Map<String, String> headers) {
        return headers != null && headers.entrySet().stream().anyMatch(h ->
                CONTROL.matcher(h.getKey()).find() || h.getValue() != null && CONTROL.matcher(h.getValue()).find());
    }

    private APIGatewayV2HTTPResponse refused(APIGatewayV2HTTPEvent event) {
        String path = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? event.getRawPath() : event.getRequestContext().getHttp().getPath();
        Problem problem = Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "a header holds a control character", path);
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(problem.status())
                    .withHeaders(Map.of(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE.toString(), HttpHeaders.CACHE_CONTROL, "no-store"))
                    .withBody(json.writeValueAsString(problem)).withIsBase64Encoded(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
