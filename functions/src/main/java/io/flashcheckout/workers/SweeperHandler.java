package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.flashcheckout.checkout.Sweeper;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The scheduled function (every minute) that re-sends the messages of work nothing else will look at. */
public class SweeperHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Integer>> {
    private static final Logger LOG = LoggerFactory.getLogger(SweeperHandler.class);

    @Inject
    Sweeper sweeper;

    @Inject
    io.flashcheckout.closing.StoreClosingService closing;

    @Inject
    LambdaInvocation invocation;

    public SweeperHandler() {
    }

    public SweeperHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Integer> execute(ScheduledEvent event) {
        return invocation.run(() -> handle(event));
    }

    private Map<String, Integer> handle(ScheduledEvent event) {
        Sweeper.Sweep sweep = sweeper.sweep();
        int anonymised = closing.applyRetention();
        if (anonymised > 0) {
            LOG.info("retention: {} page(s) of personal data deleted", anonymised);
        }
        if (sweep.holds() + sweep.payments() + sweep.refunds() + sweep.failures() > 0) {
            LOG.info("sweep re-sent {} hold expiries, {} recoveries, {} refunds; {} kind(s) failed", sweep.holds(),
                    sweep.payments(), sweep.refunds(), sweep.failures());
        }
        return Map.of("holds", sweep.holds(), "payments", sweep.payments(), "refunds", sweep.refunds(),
                "failures", sweep.failures());
    }
}
