package io.flashcheckout.wiring;

import io.flashcheckout.checkout.CheckoutMetrics;
import io.flashcheckout.observability.EmfCheckoutMetrics;
import io.flashcheckout.observability.TalliedCheckoutMetrics;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;

/**
 * Where the checkout's counts go. On Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} is set), CloudWatch metrics in EMF
 * under {@code flash-checkout.metrics.namespace}, with the dimensions Service and Stage. Anywhere else (the embedded
 * stack, the tests) they are tallied in memory: off Lambda the EMF library would look for a CloudWatch agent, or ask
 * the EC2 metadata service where it runs.
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
        return new EmfCheckoutMetrics(MetricsBuilder.builder()
                .withNamespace(namespace)
                .withService("flash-checkout")
                // one set: a second withDefaultDimension call would replace the Service dimension, not add to it
                .withDefaultDimensions(DimensionSet.of("Service", "flash-checkout", "Stage", stage))
                .withRaiseOnEmptyMetrics(false)
                .build());
    }
}
