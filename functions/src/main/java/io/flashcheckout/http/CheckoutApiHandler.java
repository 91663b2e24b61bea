package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/** The handler of every HTTP function: Micronaut's HTTP API (payload 2.0) function, run as one {@link LambdaInvocation}. */
public class CheckoutApiHandler extends APIGatewayV2HTTPEventFunction {
    private final LambdaInvocation invocation;

    public CheckoutApiHandler() {
        this.invocation = getApplicationContext().getBean(LambdaInvocation.class);
    }

    public CheckoutApiHandler(ApplicationContext context) {
        super(context);
        this.invocation = context.getBean(LambdaInvocation.class);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context lambda) {
        return invocation.run(lambda, () -> super.handleRequest(event, lambda));
    }
}
