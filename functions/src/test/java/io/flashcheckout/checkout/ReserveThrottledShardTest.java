package io.flashcheckout.checkout;

import io.flashcheckout.observability.TalliedCheckoutMetrics;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardPicker;
import io.flashcheckout.store.dynamodb.DynamoOrderStore;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;
import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.DynamoDbLocal;

import java.time.Duration;
import java.util.Collections;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A shard whose partition is at its write rate does not stop a reservation: on DynamoDB Local, behind a client that
 * answers every transaction on shards 0-6 as DynamoDB answers a throttled one (cancelled, {@code ThrottlingError} on
 * the item), a reservation moves on to shard 7; when every shard is throttled or short the answer is busy, not sold out.
 */
class ReserveThrottledShardTest {
    private static Checkout checkout;
    private static ReserveService reserve;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
        DynamoDbClient throttled = DynamoDbClient.builder()
                .endpointOverride(DynamoDbLocal.shared().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new HotShards()))
                .build();
        DynamoSaleStore sales = new DynamoSaleStore(throttled, checkout.tables);
        CheckoutSettings settings = new CheckoutSettings(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(1));
        reserve = new ReserveService(sales, new DynamoOrderStore(throttled, checkout.tables), new SaleLookup(sales, Duration.ZERO),
                new ShardPicker(settings.emptyShardHintTtl()), settings, new TalliedCheckoutMetrics(), checkout.clock);
    }

    /** Throttles every transaction whose first item is one of the shards 0 to 6 of a sale. */
    private static final class HotShards implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest request && request.transactItems().getFirst().update() != null) {
                String key = request.transactItems().getFirst().update().key().get("pk").s();
                if (key.matches("STOCK#.*#[0-6]")) {
                    throw TransactionCanceledException.builder().message("Transaction cancelled (throttled)").statusCode(400)
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException")
                                    .serviceName("DynamoDb").build())
                            .cancellationReasons(Collections.nCopies(request.transactItems().size(),
                                    CancellationReason.builder().code("ThrottlingError").build()))
                            .build();
                }
            }
        }
    }

    @Test
    void aReservationMovesOnFromThrottledShardsAndIsAnsweredBusyWhenNoneIsLeft() {
        Sale sale = checkout.openSale(8, 1, 8);

        Order taken = reserve.reserve(sale.saleId(), Requester.shopper("a"), 1, UUID.randomUUID().toString()).order();
        assertEquals(7, taken.shard(), "the one shard not throttled");

        assertThrows(CheckoutException.Busy.class,
                () -> reserve.reserve(sale.saleId(), Requester.shopper("b"), 1, UUID.randomUUID().toString()));
        assertThat(checkout.audit.assertInvariants(sale.saleId()).shardTotal()).isEqualTo(7);
        assertThat(checkout.saleStore.find(sale.saleId()).orElseThrow().soldOutAt()).isNull();
    }
}
