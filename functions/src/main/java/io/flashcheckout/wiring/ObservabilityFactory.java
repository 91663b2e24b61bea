package io.flashcheckout.wiring;

import io.flashcheckout.checkout.CheckoutMetrics;
import io.flashcheckout.observability.EmfCheckoutMetrics;
import io.flashcheckout.observability.TalliedCheckoutMetrics;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the checkout's counts go. On Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} is set), CloudWatch metrics in EMF
 * under {@code flash-checkout.metrics.namespace}, with the dimensions Service and Stage. Anywhere else (the embedded
 * stack, the tests) they are tallied in memory: standard output there is a terminal or a test's log, not a log
 * stream CloudWatch reads metrics from.
 */
@Factory
public class ObservabilityFactory {

    @Singleton
    CheckoutMetrics checkoutMetrics(@Nullable @Value("${aws.lambda.function.name:}") String lambdaFunction,
                                    @Value("${flash-checkout.metrics.namespace:FlashCheckout}") String namespace,
                                    @Value("${flash-checkout.stage:local}") String stage) {
        if (lambdaFunction == null || lambdaFunction.isBlank()) {
            return new TalliedCheckoutMetrics();
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Service", "flash-checkout");
        dimensions.put("Stage", stage);
        return new EmfCheckoutMetrics(namespace, dimensions, System.out, Clock.systemUTC());
    }
}
