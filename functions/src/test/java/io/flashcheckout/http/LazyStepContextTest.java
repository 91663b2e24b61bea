package io.flashcheckout.http;

import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.workers.QueueBatch;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step's function as Lambda builds it (the no-argument constructor) starts a context that makes beans when they
 * are first needed: the reserve function builds no queue client, queue worker or payment adapter at init. Micronaut's
 * Lambda builder made them all, and an {@code eagerInitSingletons(false)} on it did not undo that.
 */
class LazyStepContextTest {

    @BeforeAll
    static void region() {
        System.setProperty("aws.region", "eu-west-1");
    }

    @Test
    void theReserveFunctionMakesNoBeanItsRouteDoesNotUseAtInit() {
        ReserveHandler handler = new ReserveHandler();
        try {
            ApplicationContext context = handler.getApplicationContext();

            assertThat(context.getEnvironment().getActiveNames()).contains(Environment.FUNCTION, StepHandler.LAMBDA_ENVIRONMENT);
            assertThat(context.getActiveBeanRegistrations(QueueBatch.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(CheckoutQueues.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(PaymentGateway.class)).isEmpty();
            assertThat(handler.reserve).as("the route's own service is injected").isNotNull();
        } finally {
            handler.close();
        }
    }
}
