package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.flashcheckout.admission.QueueAdvancer;
import io.flashcheckout.observability.LambdaInvocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The waiting rooms' advancer. EventBridge Scheduler starts it once a minute (its finest schedule); it then ticks every
 * {@code flash-checkout.admission.tick} (500 ms) for {@code flash-checkout.admission.run-for} (55 s), so it ends before
 * the next start and, with a concurrency of one, two never move the same watermark. A start that finds no room
 * ends at once. With {@code run-for} 0 it ticks once (the local stack schedules those ticks itself).
 */
public class QueueAdvancerHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Integer>> {
    @Inject
    QueueAdvancer advancer;

    @Inject
    LambdaInvocation invocation;

    @Inject
    Clock clock;

    @Value("${flash-checkout.admission.tick:500ms}")
    Duration tick;

    @Value("${flash-checkout.admission.run-for:55s}")
    Duration runFor;

    public QueueAdvancerHandler() {
    }

    public QueueAdvancerHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Integer> execute(ScheduledEvent event) {
        return invocation.run(this::run);
    }

    private Map<String, Integer> run() {
        Instant until = clock.instant().plus(runFor);
        int ticks = 0;
        int rooms;
        do {
            long started = System.nanoTime();
            rooms = advancer.tickAll(clock.instant());
            ticks++;
            long left = tick.toNanos() - (System.nanoTime() - started);
            if (rooms == 0 || !clock.instant().plus(tick).isBefore(until)) {
                break;
            }
            if (left > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } while (true);
        return Map.of("ticks", ticks, "rooms", rooms);
    }
}
