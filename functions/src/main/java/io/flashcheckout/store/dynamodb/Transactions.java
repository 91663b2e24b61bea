package io.flashcheckout.store.dynamodb;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.flashcheckout.checkout.CheckoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Runs TransactWriteItems. A cancellation for a failed condition is an answer (returned, with the items as they
 * were); a cancellation only for conflicts with other transactions or throttling is retried with backoff and
 * jitter (Failsafe), since the SDK does not retry cancelled transactions by itself; if that does not get through,
 * the caller is told the store is busy ({@link CheckoutException.Busy}): nothing was written.
 */
final class Transactions {
    static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final List<String> RETRYABLE = List.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded");

    private static final List<String> THROTTLED = List.of("ThrottlingError", "ProvisionedThroughputExceeded");

    private final DynamoDbClient dynamo;
    private final FailsafeExecutor<Outcome> retrying;
    private final boolean answersThrottling;

    /** Retries of a write that frees or settles something (a release, a refund, a restock): it must get through. */
    static final int SETTLING_RETRIES = 8;
    /**
     * Retries of a reservation: it takes stock from the shards every shopper hits, and each retry is one more write
     * on them; a shopper answered {@code busy} sends it again after {@code Retry-After}, while the releases that
     * bring units back (on the same shards) keep their retries and so get through first.
     */
    static final int RESERVE_RETRIES = 2;

    Transactions(DynamoDbClient dynamo) {
        this(dynamo, SETTLING_RETRIES);
    }

    Transactions(DynamoDbClient dynamo, int maxRetries) {
        this(dynamo, maxRetries, false);
    }

    /**
     * @param answersThrottling a cancellation for throttled items is an answer (returned at once, {@link
     *                          Outcome#throttled}), not retried: the caller has somewhere else to write
     */
    Transactions(DynamoDbClient dynamo, int maxRetries, boolean answersThrottling) {
        this.dynamo = dynamo;
        this.answersThrottling = answersThrottling;
        RetryPolicy<Outcome> onConflict = RetryPolicy.<Outcome>builder()
                .handleIf(Transactions::isRetryable)
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(400))
                .withJitter(0.5)
                .withMaxRetries(maxRetries)
                .build();
        this.retrying = Failsafe.with(onConflict);
    }

    Outcome write(List<TransactWriteItem> items) {
        return write(items, null);
    }

    /** @param clientRequestToken makes a retried call idempotent for 10 minutes (DynamoDB's own dedup); may be null */
    Outcome write(List<TransactWriteItem> items, String clientRequestToken) {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(items)
                .clientRequestToken(clientRequestToken)
                .build();
        try {
            return retrying.get(() -> {
                try {
                    dynamo.transactWriteItems(request);
                    return Outcome.COMMITTED;
                } catch (TransactionCanceledException e) {
                    if (hasConditionFailure(e) || answersThrottling && isThrottled(e)) {
                        return new Outcome(false, e.cancellationReasons());
                    }
                    throw e;
                }
            });
        } catch (TransactionCanceledException e) {
            if (isRetryable(e)) {
                throw new CheckoutException.Busy("the store is busy (" + codes(e) + "); try again", e);
            }
            throw e;
        }
    }

    private static String codes(TransactionCanceledException e) {
        return e.cancellationReasons().stream().map(CancellationReason::code).filter(c -> !"None".equals(c))
                .distinct().collect(Collectors.joining(", "));
    }

    private static boolean hasConditionFailure(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()));
    }

    private static boolean isThrottled(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream().anyMatch(r -> THROTTLED.contains(r.code()));
    }

    private static boolean isRetryable(Throwable t) {
        return t instanceof TransactionCanceledException e
                && e.hasCancellationReasons()
                && e.cancellationReasons().stream().anyMatch(r -> RETRYABLE.contains(r.code()));
    }

    /** Committed, or cancelled with one reason per item in request order. */
    record Outcome(boolean committed, List<CancellationReason> reasons) {
        static final Outcome COMMITTED = new Outcome(true, List.of());

        boolean conditionFailed(int index) {
            return !committed && CONDITION_FAILED.equals(reasons.get(index).code());
        }

        /** Some item's partition refused the write for now (only from a {@code Transactions} that answers throttling). */
        boolean throttled() {
            return !committed && reasons.stream().anyMatch(r -> THROTTLED.contains(r.code()));
        }

        /** The item as it was when its condition failed (ReturnValuesOnConditionCheckFailure = ALL_OLD); empty if absent. */
        Map<String, AttributeValue> oldItem(int index) {
            Map<String, AttributeValue> item = reasons.get(index).item();
            return item == null ? Map.of() : item;
        }
    }
}
