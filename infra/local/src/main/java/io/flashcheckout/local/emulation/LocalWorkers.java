package io.flashcheckout.local.emulation;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.workers.CheckoutRecoveryHandler;
import io.flashcheckout.workers.HoldExpiryHandler;
import io.flashcheckout.workers.OrderRelayHandler;
import io.flashcheckout.workers.RefundHandler;
import io.flashcheckout.workers.RefundRelayHandler;
import io.flashcheckout.workers.QueueAdvancerHandler;
import io.flashcheckout.workers.SweeperHandler;
import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The queue, stream and schedule functions of the checkout, driven on this machine the way Lambda drives them: a
 * poller per queue, one over each table's stream (orders, refunds; filtered by the template's filter criteria) and
 * the sweeper on a fixed schedule. The functions are the
 * real handler classes. {@link #pollOnce} runs every poller once, for tests that step through the work.
 */
public final class LocalWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkers.class);
    /**
     * Lambda runs up to the template's maximum concurrency of consumers per queue (50, 20, 10); one local consumer
     * fell minutes behind the hold expiries of a rehearsed sale while the crowd's requests took the two cores.
     */
    static final int CONSUMERS_PER_QUEUE = 4;
    /** How long a consumer waits after its queue had nothing: four of them ask an idle queue 4 times a second. */
    static final Duration IDLE_PAUSE = Duration.ofSeconds(1);
    /** The advancer's tick, as its function ticks on AWS ({@code flash-checkout.admission.tick}). */
    static final Duration ADVANCER_TICK = Duration.ofMillis(500);

    /** The handlers the pollers call. */
    public record Functions(RequestHandler<SQSEvent, SQSBatchResponse> holdExpiry,
                            RequestHandler<SQSEvent, SQSBatchResponse> checkoutRecovery,
                            RequestHandler<SQSEvent, SQSBatchResponse> refunds,
                            RequestHandler<DynamodbEvent, StreamsEventResponse> refundRelay,
                            RequestHandler<DynamodbEvent, StreamsEventResponse> orderRelay,
                            RequestHandler<ScheduledEvent, ?> sweeper,
                            RequestHandler<ScheduledEvent, ?> queueAdvancer) {

        /** The real handlers, sharing one application context (on Lambda each function has its own). */
        public static Functions of(ApplicationContext context) {
            return new Functions(new HoldExpiryHandler(context), new CheckoutRecoveryHandler(context),
                    new RefundHandler(context), new RefundRelayHandler(context), new OrderRelayHandler(context), new SweeperHandler(context),
                    new QueueAdvancerHandler(context));
        }
    }

    private final List<QueuePoller> queuePollers;
    private final List<StreamPoller> streamPollers;
    private final Functions functions;
    private ScheduledExecutorService threads;
    private volatile boolean closing;

    private LocalWorkers(List<QueuePoller> queuePollers, List<StreamPoller> streamPollers, Functions functions) {
        this.queuePollers = queuePollers;
        this.streamPollers = streamPollers;
        this.functions = functions;
    }

    /**
     * @param queueUrls queue name -> URL, as {@link io.flashcheckout.local.LocalStack#queueUrls()}
     * @param ordersTable the table whose stream feeds the order relay
     * @param refundsTable the table whose stream feeds the refund relay
     */
    public static LocalWorkers create(SqsClient sqs, DynamoDbClient dynamo, DynamoDbStreamsClient streams, String prefix,
                                      Map<String, String> queueUrls, String ordersTable, String refundsTable,
                                      Functions functions) {
        List<QueuePoller> pollers = new ArrayList<>();
        pollers.add(poller(sqs, prefix, queueUrls, QueueNames.HOLD_EXPIRY, "flash-checkout-hold-expiry", functions.holdExpiry()));
        pollers.add(poller(sqs, prefix, queueUrls, QueueNames.CHECKOUT_RECOVERY, "flash-checkout-checkout-recovery",
                functions.checkoutRecovery()));
        pollers.add(poller(sqs, prefix, queueUrls, QueueNames.REFUNDS, "flash-checkout-refunds", functions.refunds()));
        List<StreamPoller> streamPollers = List.of(
                StreamPoller.forTable(dynamo, streams, ordersTable, "OrdersTable", "flash-checkout-order-relay",
                        functions.orderRelay()),
                StreamPoller.forTable(dynamo, streams, refundsTable, "RefundsTable", "flash-checkout-refund-relay",
                        functions.refundRelay()));
        return new LocalWorkers(List.copyOf(pollers), streamPollers, functions);
    }

    private static QueuePoller poller(SqsClient sqs, String prefix, Map<String, String> urls, QueueNames queue,
                                      String functionName, RequestHandler<SQSEvent, SQSBatchResponse> function) {
        String url = urls.get(queue.name(prefix));
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new QueuePoller(functionName, sqs, url, arn, function);
    }

    /** Runs every poller once without waiting; returns how many messages and stream records were handled. */
    public int pollOnce() {
        int handled = 0;
        for (StreamPoller poller : streamPollers) {
            handled += poller.pollOnce();
        }
        for (QueuePoller poller : queuePollers) {
            handled += poller.pollOnce();
        }
        return handled;
    }

    /** One run of the sweeper function, as its schedule would run it. */
    public Object sweep() {
        return functions.sweeper().handleRequest(new ScheduledEvent(),
                new LocalLambdaContext(UUID.randomUUID().toString(), "flash-checkout-sweeper", Duration.ofSeconds(60)));
    }

    /**
     * One tick of the waiting rooms' advancer. On AWS one run ticks every 500 ms for 55 s; here the stack is started
     * with {@code flash-checkout.admission.run-for=0s}, so each run is one tick and {@link #start} schedules them.
     */
    public Object advanceQueues() {
        return functions.queueAdvancer().handleRequest(new ScheduledEvent(),
                new LocalLambdaContext(UUID.randomUUID().toString(), "flash-checkout-queue-advancer", Duration.ofSeconds(70)));
    }

    /**
     * Starts polling in the background: each queue is read by {@value #CONSUMERS_PER_QUEUE} consumers, the
     * streams are read every 100 ms (Lambda polls a stream's shards about four times a second, and a batching window
     * of up to a second waits for more records).
     */
    public synchronized void start(Duration sweepEvery) {
        threads = Executors.newScheduledThreadPool(queuePollers.size() * CONSUMERS_PER_QUEUE + streamPollers.size() + 2,
                Thread.ofPlatform().daemon().name("local-worker-", 0).factory());
        for (QueuePoller poller : queuePollers) {
            for (int i = 0; i < CONSUMERS_PER_QUEUE; i++) {
                // staggered, so that an idle queue is asked every IDLE_PAUSE / CONSUMERS_PER_QUEUE by one of them
                threads.scheduleWithFixedDelay(() -> guarded(poller.functionName(), () -> receiveOrPause(poller)),
                        i * IDLE_PAUSE.toMillis() / CONSUMERS_PER_QUEUE, 10, TimeUnit.MILLISECONDS);
            }
        }
        for (StreamPoller poller : streamPollers) {
            threads.scheduleWithFixedDelay(() -> guarded(poller.functionName(), poller::pollOnce), 0, 100, TimeUnit.MILLISECONDS);
        }
        threads.scheduleWithFixedDelay(() -> guarded("sweeper", this::sweep), sweepEvery.toMillis(), sweepEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        threads.scheduleAtFixedRate(() -> guarded("queue advancer", this::advanceQueues), 0, ADVANCER_TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * One receive that does not wait, then a pause if the queue had nothing to give. Not a long poll: while a receive
     * waits on one of its queues, ElasticMQ sorts all of that queue's messages at every send to it (to know when the
     * next becomes visible), and the hold-expiry queue holds a delayed message for every live hold. In a full-size
     * Poco M3 rehearsal (25,000 holds) that sorting took half the stack's CPU and the sale slowed with every hold.
     */
    private static void receiveOrPause(QueuePoller poller) {
        if (poller.pollOnce() == 0) {
            try {
                Thread.sleep(IDLE_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.warn("{}: {}", what, e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (threads != null) {
            threads.shutdownNow();
            try {
                threads.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
