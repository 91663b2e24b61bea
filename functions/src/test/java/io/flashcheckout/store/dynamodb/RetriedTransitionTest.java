package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.DynamoDbLocal;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A conditional write whose answer is lost after it committed is retried by the SDK; the retry then fails its own
 * condition. The store must recognise that as its write (else pay would answer "pending" and never charge), and
 * must still tell a concurrent writer apart.
 */
class RetriedTransitionTest {

    @Test
    void aStartPaymentWhoseAnswerWasLostRecognisesItselfOnTheRetry() {
        Checkout checkout = Checkout.start(null);
        Sale sale = checkout.openSale(5, 1, 1);
        Order reserved = checkout.reserve.reserve(sale.saleId(), Requester.shopper("lost"), 1, UUID.randomUUID().toString()).order();
        Instant now = checkout.clock.instant();
        Order paying = reserved.startPayment(now);
        AtomicInteger puts = new AtomicInteger();

        try (DynamoDbClient losingFirstAnswer = clientLosingTheFirstAnswerTo(PutItemRequest.class, puts)) {
            DynamoOrderStore store = new DynamoOrderStore(losingFirstAnswer, checkout.tables);

            assertTrue(store.transition(reserved, paying, now), "the retry found its own write");
            assertEquals(2, puts.get(), "the SDK sent the put twice");
            Order stored = checkout.orderStore.find(reserved.orderId()).orElseThrow();
            assertEquals(OrderStatus.PAYING, stored.status());
            assertEquals(1, stored.paymentAttempt());

            // another writer's identical attempt from the same read (same millisecond) is not mistaken for its own
            Order rival = reserved.startPayment(now);
            assertFalse(new DynamoOrderStore(checkout.dynamo, checkout.tables).transition(reserved, rival, now));
        }
    }

    @Test
    void aPaymentStartCountingOnACardWhoseAnswerWasLostRecognisesItselfAndCountsOnce() {
        Checkout checkout = Checkout.start(null);
        Sale sale = checkout.openSale(5, 2, 1);
        Order reserved = checkout.reserve.reserve(sale.saleId(), Requester.shopper("lost-card"), 1, UUID.randomUUID().toString()).order();
        Instant now = checkout.clock.instant();
        Order paying = reserved.startPayment(now, "fp_lost_answer", null);
        AtomicInteger transactions = new AtomicInteger();

        try (DynamoDbClient losingFirstAnswer = clientLosingTheFirstAnswerTo(TransactWriteItemsRequest.class, transactions)) {
            DynamoOrderStore store = new DynamoOrderStore(losingFirstAnswer, checkout.tables);

            assertTrue(store.startPayment(reserved, paying, now, 3, sale.perCustomerLimit()), "the retry found its own write");
            assertEquals(2, transactions.get(), "the SDK sent the transaction twice");
            assertEquals(1, checkout.orderStore.cardUnits(sale.saleId(), "fp_lost_answer"), "the card counted once");
            assertEquals(OrderStatus.PAYING, checkout.orderStore.find(reserved.orderId()).orElseThrow().status());
            checkout.audit.assertInvariants(sale.saleId());

            Order rival = reserved.startPayment(now, "fp_lost_answer", null);
            assertFalse(new DynamoOrderStore(checkout.dynamo, checkout.tables).startPayment(reserved, rival, now, 3, 2));
            assertEquals(1, checkout.orderStore.cardUnits(sale.saleId(), "fp_lost_answer"));
        }
    }

    /** A client that lets the first request of {@code kind} commit, then reports 500 for it, so the SDK sends it again. */
    private static DynamoDbClient clientLosingTheFirstAnswerTo(Class<?> kind, AtomicInteger sent) {
        ExecutionInterceptor loseFirstAnswer = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                if (kind.isInstance(context.request()) && sent.incrementAndGet() == 1) {
                    return context.httpResponse().toBuilder().statusCode(500).build();
                }
                return context.httpResponse();
            }
        };
        return DynamoDbClient.builder()
                .endpointOverride(DynamoDbLocal.shared().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(loseFirstAnswer))
                .build();
    }
}
