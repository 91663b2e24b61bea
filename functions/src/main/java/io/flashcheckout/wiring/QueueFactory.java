package io.flashcheckout.wiring;

import io.flashcheckout.checkout.ChargeSettlement;
import io.flashcheckout.checkout.CheckoutMetrics;
import io.flashcheckout.checkout.CheckoutRecovery;
import io.flashcheckout.checkout.Followup;
import io.flashcheckout.checkout.HoldExpiry;
import io.flashcheckout.checkout.OrderRelay;
import io.flashcheckout.checkout.RecoverySettings;
import io.flashcheckout.checkout.RefundPayout;
import io.flashcheckout.checkout.RefundRelay;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.checkout.Sweeper;
import io.flashcheckout.observability.CurrentInvocation;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.payment.PaymentProviderSettings;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.DeadLetterDepths;
import io.flashcheckout.queue.Messages;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.sqs.SqsCheckoutQueues;
import io.flashcheckout.queue.sqs.SqsDeadLetterDepths;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.workers.MessageWork;
import io.flashcheckout.workers.QueueBatch;
import io.flashcheckout.workers.RetryBackoff;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Wires the queues and their workers. The SQS client follows the SDK's standard settings
 * ({@code AWS_ENDPOINT_URL_SQS}); {@code flash-checkout.sqs.endpoint} overrides the endpoint for the embedded stack.
 * Queue URLs come from {@code flash-checkout.queues.<queue>.url} (the template passes them) or are looked up by
 * name, {@code flash-checkout.queues.prefix} + the queue.
 */
@Factory
public class QueueFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SqsClient sqs(@Nullable @Value("${flash-checkout.sqs.endpoint:}") String endpoint) {
        // bounded, so a stalled send cannot hold pay past its grace
        SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5)));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    @Singleton
    @Bean(typed = SqsCheckoutQueues.class)
    SqsCheckoutQueues sqsQueues(SqsClient sqs,
                                @Nullable @Value("${flash-checkout.queues.prefix:}") String queuePrefix,
                                @Value("${flash-checkout.tables.prefix}") String tablesPrefix,
                                @Nullable @Value("${flash-checkout.queues.hold-expiry.url:}") String holdExpiry,
                                @Nullable @Value("${flash-checkout.queues.checkout-recovery.url:}") String recovery,
                                @Nullable @Value("${flash-checkout.queues.refunds.url:}") String refunds,
                                @Nullable @Value("${flash-checkout.queues.refund-issued.url:}") String refundIssued,
                                @Value("${flash-checkout.queues.max-delay:15m}") Duration maxDelay) {
        Map<QueueNames, String> urls = new EnumMap<>(QueueNames.class);
        urls.put(QueueNames.HOLD_EXPIRY, holdExpiry);
        urls.put(QueueNames.CHECKOUT_RECOVERY, recovery);
        urls.put(QueueNames.REFUNDS, refunds);
        urls.put(QueueNames.REFUND_ISSUED, refundIssued);
        String prefix = queuePrefix == null || queuePrefix.isBlank() ? tablesPrefix : queuePrefix;
        return new SqsCheckoutQueues(sqs, prefix, urls, maxDelay);
    }

    /** The dead-letter queues' depths, for the operator's live view. */
    @Singleton
    DeadLetterDepths deadLetterDepths(SqsClient sqs,
                                      @Nullable @Value("${flash-checkout.queues.prefix:}") String queuePrefix,
                                      @Value("${flash-checkout.tables.prefix}") String tablesPrefix) {
        return new SqsDeadLetterDepths(sqs, queuePrefix == null || queuePrefix.isBlank() ? tablesPrefix : queuePrefix);
    }

    /** The port the checkout sends through; its own bean, so a test can put a faulty one in its place. */
    @Singleton
    CheckoutQueues checkoutQueues(SqsCheckoutQueues sqs) {
        return sqs;
    }

    @Singleton
    RecoverySettings recoverySettings(@Value("${flash-checkout.recovery.payment-grace:60s}") Duration paymentGrace,
                                      @Value("${flash-checkout.recovery.relay-grace:5m}") Duration relayGrace,
                                      @Value("${flash-checkout.recovery.sweep-batch:500}") int sweepBatch,
                                      @Value("${flash-checkout.recovery.resweep-after:15m}") Duration resweepAfter) {
        return new RecoverySettings(paymentGrace, relayGrace, sweepBatch, resweepAfter);
    }

    @Singleton
    RetryBackoff retryBackoff(@Value("${flash-checkout.workers.retry-base:10s}") Duration base,
                              @Value("${flash-checkout.workers.retry-max:15m}") Duration max) {
        return new RetryBackoff(base, max);
    }

    @Singleton
    HoldExpiry holdExpiry(ReleaseService release, RecoverySettings settings, Clock clock) {
        return new HoldExpiry(release, settings, clock);
    }

    @Singleton
    CheckoutRecovery checkoutRecovery(OrderStore orders, PaymentGateway gateway, ChargeSettlement settlement,
                                      ReleaseService release, RecoverySettings settings, CheckoutMetrics metrics,
                                      Clock clock) {
        return new CheckoutRecovery(orders, gateway, settlement, release, settings, metrics, clock);
    }

    @Singleton
    RefundPayout refundPayout(OrderStore orders, PaymentGateway gateway, CheckoutMetrics metrics, Clock clock) {
        return new RefundPayout(orders, gateway, metrics, clock);
    }

    @Singleton
    RefundRelay refundRelay() {
        return new RefundRelay();
    }

    @Singleton
    OrderRelay orderRelay(RecoverySettings settings, Clock clock) {
        return new OrderRelay(settings, clock);
    }

    @Singleton
    Sweeper sweeper(OrderStore orders, CheckoutQueues queues, RecoverySettings settings, CheckoutMetrics metrics,
                    Clock clock) {
        return new Sweeper(orders, queues, settings, metrics, clock);
    }

    /**
     * The longest one message may take: a hold expiry is a read, a transaction and maybe a send (each retried by
     * the SDK within a few seconds); recovery and refunds add one provider call, bounded by its timeouts.
     */
    static final Duration STORE_WORK = Duration.ofSeconds(5);

    private static Duration withProviderCall(PaymentProviderSettings provider) {
        return STORE_WORK.plus(provider.connectTimeout()).plus(provider.requestTimeout());
    }

    /** What is left of the invocation running on this thread; without a Lambda context (a test), plenty. */
    private static Supplier<Duration> timeLeft(CurrentInvocation invocation) {
        return () -> invocation.context().map(c -> Duration.ofMillis(c.getRemainingTimeInMillis())).orElse(Duration.ofDays(1));
    }

    @Singleton
    @Named("hold-expiry")
    QueueBatch holdExpiryBatch(HoldExpiry expiry, CheckoutQueues queues, SqsCheckoutQueues sqs, RetryBackoff backoff,
                               CurrentInvocation invocation) {
        return new QueueBatch(QueueNames.HOLD_EXPIRY, lookingAgainLater(Messages::holdExpiry, expiry::handle,
                queues::scheduleExpiry), sqs, backoff, STORE_WORK, timeLeft(invocation));
    }

    @Singleton
    @Named("checkout-recovery")
    QueueBatch recoveryBatch(CheckoutRecovery recovery, CheckoutQueues queues, SqsCheckoutQueues sqs, RetryBackoff backoff,
                             PaymentProviderSettings provider, CurrentInvocation invocation) {
        return new QueueBatch(QueueNames.CHECKOUT_RECOVERY, lookingAgainLater(Messages::recovery, recovery::handle,
                queues::scheduleRecovery), sqs, backoff, withProviderCall(provider), timeLeft(invocation));
    }

    /** Reads a message, handles it, and when it is not decidable yet sends it again, delayed. */
    private static <M> MessageWork lookingAgainLater(Function<String, M> read, Function<M, Followup> handle,
                                                     BiConsumer<M, Duration> sendAgain) {
        return body -> {
            M message = read.apply(body);
            if (handle.apply(message) instanceof Followup.Later later) {
                sendAgain.accept(message, later.after());
            }
        };
    }

    @Singleton
    @Named("refunds")
    QueueBatch refundBatch(RefundPayout payout, SqsCheckoutQueues sqs, RetryBackoff backoff,
                           PaymentProviderSettings provider, CurrentInvocation invocation) {
        return new QueueBatch(QueueNames.REFUNDS, body -> payout.handle(Messages.refund(body)), sqs, backoff,
                withProviderCall(provider), timeLeft(invocation));
    }
}
