package io.flashcheckout.local;

import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.backends.LocalDynamoDb;
import io.flashcheckout.local.backends.LocalQueues;
import io.flashcheckout.local.emulation.LocalWorkers;
import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.local.template.TemplateResources;
import io.flashcheckout.support.MotoServer;
import io.flashcheckout.checkout.PayService;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.payment.HttpPaymentGateway;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.payment.PaymentProviderSettings;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.sqs.SqsCheckoutQueues;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoOrderStore;
import io.flashcheckout.support.ElasticMqLocal;
import io.flashcheckout.support.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The whole checkout on real emulators (DynamoDB Local over HTTP and ElasticMQ, or moto_server for both; the PSP
 * simulator) with one Micronaut
 * context shared by the services and the real worker handlers, a clock the test moves, and faults armed through a
 * {@link FaultPlan} at the store, queue and provider seams. The workers are stepped by {@link #drain()}, not by
 * background threads, so a test decides when queued work happens.
 */
final class CheckoutRig implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    /** Real seconds a failed message waits, however the test clock moves. */
    private static final Duration QUEUE_VISIBILITY = Duration.ofSeconds(1);

    final FaultPlan faults = new FaultPlan();
    final MutableClock clock = new MutableClock(START);
    final String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + "-";
    final CheckoutTables tables = CheckoutTables.withPrefix(prefix);
    private final List<AutoCloseable> parts = new ArrayList<>();
    final URI dynamoDbEndpoint;
    final URI sqsEndpoint;
    final Map<String, String> queueUrls;
    final PspSimulator psp;
    final DynamoDbClient dynamo;
    final SqsClient sqs;
    final ApplicationContext context;
    final LocalWorkers workers;

    CheckoutRig() {
        this(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(3)));
    }

    CheckoutRig(SimulatorConfig pspConfig) {
        this(pspConfig, null, null);
    }

    /** A rig of its own (its own DynamoDB Local and ElasticMQ) paying through {@code sharedPsp}, which it leaves running. */
    CheckoutRig(PspSimulator sharedPsp) {
        this(null, null, sharedPsp);
    }

    /** The same rig on moto_server instead of DynamoDB Local and ElasticMQ; null when moto_server is not installed. */
    static CheckoutRig onMotoServer() {
        MotoServer moto = MotoServer.startIfInstalled();
        return moto == null ? null : new CheckoutRig(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(3)), moto, null);
    }

    private CheckoutRig(SimulatorConfig pspConfig, MotoServer moto, PspSimulator sharedPsp) {
        LocalAwsProperties.set();
        try {
            if (moto == null) {
                LocalDynamoDb dynamoDb = started(LocalDynamoDb.start(0, null));
                LocalQueues queues = started(LocalQueues.start(0, prefix, QUEUE_VISIBILITY));
                dynamoDbEndpoint = dynamoDb.endpoint();
                sqsEndpoint = queues.endpoint();
                sqs = started(LocalAws.sqs(sqsEndpoint));
                queueUrls = queues.queueUrls();
            } else {
                started(moto);
                dynamoDbEndpoint = moto.endpoint();
                sqsEndpoint = moto.endpoint();
                sqs = started(LocalAws.sqs(sqsEndpoint));
                queueUrls = LocalQueues.create(sqs, prefix, QUEUE_VISIBILITY);
            }
            dynamo = started(LocalAws.dynamoDb(dynamoDbEndpoint));
            new TemplateResources(CloudFormationTemplate.bundled(), prefix).createMissingTables(dynamo);
            psp = sharedPsp != null ? sharedPsp : started(PspSimulator.start(pspConfig));
            context = started(context());
            DynamoDbStreamsClient streams = started(LocalAws.streams(dynamoDbEndpoint));
            workers = started(LocalWorkers.create(sqs, dynamo, streams, prefix, queueUrls, tables.orders(), tables.refunds(),
                    LocalWorkers.Functions.of(context)));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private ApplicationContext context() {
        ApplicationContext ctx = ApplicationContext.builder().properties(Map.of(
                "flash-checkout.tables.prefix", prefix,
                "flash-checkout.dynamodb.endpoint", dynamoDbEndpoint.toString(),
                "flash-checkout.sqs.endpoint", sqsEndpoint.toString(),
                "flash-checkout.psp.url", psp.baseUri().toString(),
                "flash-checkout.psp.api-key", psp.config().apiKey(),
                "flash-checkout.jwt.secret", LocalTokens.generateSecret(),
                "flash-checkout.queues.max-delay", "1s",
                "flash-checkout.workers.retry-base", "1s",
                "flash-checkout.workers.retry-max", "2s",
                "flash-checkout.admission.run-for", "0s")).build();
        OrderStore store = new FaultyPorts.Store(new DynamoOrderStore(dynamo, tables), faults);
        PaymentGateway gateway = new FaultyPorts.Gateway(new HttpPaymentGateway(new PaymentProviderSettings(
                psp.baseUri(), psp.config().apiKey(), Duration.ofSeconds(1), Duration.ofSeconds(2))), faults);
        CheckoutQueues checkoutQueues = new FaultyPorts.Queues(() -> ctx.getBean(SqsCheckoutQueues.class), faults);
        ctx.registerBeanDefinition(RuntimeBeanDefinition.builder(Clock.class, () -> clock).replaces(Clock.class).build());
        ctx.registerBeanDefinition(RuntimeBeanDefinition.builder(OrderStore.class, () -> store).replaces(OrderStore.class).build());
        ctx.registerBeanDefinition(RuntimeBeanDefinition.builder(PaymentGateway.class, () -> gateway)
                .replaces(HttpPaymentGateway.class).build());
        ctx.registerBeanDefinition(RuntimeBeanDefinition.builder(CheckoutQueues.class, () -> checkoutQueues)
                .replaces(CheckoutQueues.class).build());
        return ctx.start();
    }

    private <T extends AutoCloseable> T started(T part) {
        parts.add(part);
        return part;
    }

    SaleService sales() {
        return context.getBean(SaleService.class);
    }

    ReserveService reserve() {
        return context.getBean(ReserveService.class);
    }

    PayService pay() {
        return context.getBean(PayService.class);
    }

    ReleaseService release() {
        return context.getBean(ReleaseService.class);
    }

    String queueUrl(QueueNames queue) {
        return queueUrls.get(queue.name(prefix));
    }

    String deadLetterUrl(QueueNames queue) {
        return queueUrls.get(queue.deadLetterName(prefix));
    }

    /**
     * Runs the workers until the three work queues and the refund stream have nothing left, waiting out the real
     * seconds a failed message is invisible. Call it once the clock is past every deadline: a message that is not
     * due yet keeps coming back.
     */
    void drain() {
        drain(false);
    }

    /** As {@link #drain()}, but before every round each visible message is duplicated and the queue shuffled. */
    void drainWithDuplicates() {
        drain(true);
    }

    /** Runs the workers until {@code done} holds; fails after {@code limit} of real time. */
    void pollUntil(java.util.function.BooleanSupplier done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in " + limit + "; queues: " + depths());
            }
            if (workers.pollOnce() == 0) {
                pause(Duration.ofMillis(100));
            }
        }
    }

    private void drain(boolean duplicates) {
        java.util.Set<String> duplicated = new java.util.HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int idleRounds = 0;
        while (idleRounds < 2) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the queues did not drain in 90 s: " + depths());
            }
            if (duplicates) {
                for (QueueNames queue : List.of(QueueNames.HOLD_EXPIRY, QueueNames.CHECKOUT_RECOVERY, QueueNames.REFUNDS)) {
                    duplicateAndShuffle(queueUrl(queue), duplicated);
                }
            }
            int handled = workers.pollOnce();
            if (handled == 0 && depths().values().stream().allMatch(n -> n == 0)) {
                idleRounds++;
            } else {
                idleRounds = 0;
                if (handled == 0) {
                    pause(Duration.ofMillis(200));
                }
            }
        }
    }

    /** One run of the scheduled sweeper. */
    void sweep() {
        workers.sweep();
    }

    /** Messages visible, in flight or delayed, per work queue. */
    Map<String, Integer> depths() {
        Map<String, Integer> depths = new java.util.LinkedHashMap<>();
        for (QueueNames queue : List.of(QueueNames.HOLD_EXPIRY, QueueNames.CHECKOUT_RECOVERY, QueueNames.REFUNDS)) {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl(queue)).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            depths.put(queue.baseName(), a.values().stream().mapToInt(Integer::parseInt).sum());
        }
        return depths;
    }

    /** Every message now visible on the queue (received and deleted): what a consumer such as finance would read. */
    List<Message> takeAll(String queueUrl) {
        return ElasticMqLocal.takeAll(sqs, queueUrl);
    }

    /** Every visible message whose body was not duplicated before comes back twice, all in a shuffled order. */
    private void duplicateAndShuffle(String queueUrl, java.util.Set<String> duplicated) {
        List<Message> visible = takeAll(queueUrl);
        if (visible.isEmpty()) {
            return;
        }
        List<Message> twice = new ArrayList<>(visible);
        for (Message m : visible) {
            if (duplicated.add(m.body())) {
                twice.add(m);
            }
        }
        Collections.shuffle(twice);
        for (int from = 0; from < twice.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message m : twice.subList(from, Math.min(twice.size(), from + 10))) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .messageBody(m.body()).messageAttributes(m.messageAttributes()).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("rig part did not stop cleanly: " + e);
            }
        }
        parts.clear();
    }
}
