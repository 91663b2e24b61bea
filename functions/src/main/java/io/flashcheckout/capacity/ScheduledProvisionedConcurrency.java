package io.flashcheckout.capacity;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.flashcheckout.checkout.WarmCapacity;
import io.flashcheckout.checkout.WarmupWindow;

import java.time.Duration;
import java.util.List;

/**
 * A sale's warm window as provisioned concurrency on the functions' aliases (reserve and pay), through Application
 * Auto Scaling: each alias is a scalable target (registered once, at 0..0, so nothing is provisioned outside a
 * window), and each sale has two one-time scheduled actions per alias, named after the sale: {@code <sale>-warm}
 * sets min = max = the function's size at the window's start, {@code <sale>-cool} sets 0..0 at its end. Putting an
 * action with an existing name replaces it, so scheduling a sale again (a replayed create, a reopen) moves its
 * window. Transient failures (throttling, concurrent updates, 5xx, I/O) are retried with backoff and jitter.
 */
public final class ScheduledProvisionedConcurrency implements WarmCapacity {
    private final ApplicationAutoScalingApi api;
    private final List<WarmedFunction> functions;
    private final FailsafeExecutor<Object> retrying;

    public ScheduledProvisionedConcurrency(ApplicationAutoScalingApi api, List<WarmedFunction> functions, int maxRetries,
                                           Duration firstDelay, Duration maxDelay) {
        this.api = api;
        this.functions = List.copyOf(functions);
        this.retrying = Failsafe.with(RetryPolicy.builder()
                .handleIf(e -> e instanceof AutoScalingException failed && failed.isTransient())
                .withBackoff(firstDelay, maxDelay)
                .withJitter(0.5)
                .withMaxRetries(maxRetries)
                .build());
    }

    static String warmAction(String saleId) {
        return "flash-checkout-sale-" + saleId + "-warm";
    }

    static String coolAction(String saleId) {
        return "flash-checkout-sale-" + saleId + "-cool";
    }

    @Override
    public boolean enabled() {
        return !functions.isEmpty();
    }

    @Override
    public void schedule(String saleId, WarmupWindow window) {
        for (WarmedFunction function : functions) {
            String target = function.resourceId();
            retried(() -> {
                if (!api.isRegistered(target)) {
                    api.register(target, 0, 0);
                }
            });
            // a moved window: its old start goes first and its new end is set before its new start, so a failure
            // part way leaves at worst a window that never opens, never one that does not close
            retried(() -> api.deleteAction(warmAction(saleId), target));
            retried(() -> api.putOneTimeAction(coolAction(saleId), target, window.coolAt(), 0, 0));
            retried(() -> api.putOneTimeAction(warmAction(saleId), target, window.warmAt(),
                    function.concurrency(), function.concurrency()));
        }
    }

    @Override
    public void cancel(String saleId) {
        for (WarmedFunction function : functions) {
            retried(() -> api.deleteAction(warmAction(saleId), function.resourceId()));
            retried(() -> api.deleteAction(coolAction(saleId), function.resourceId()));
        }
    }

    private void retried(Runnable call) {
        try {
            retrying.run(call::run);
        } catch (FailsafeException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
