package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.checkout.SaleStatus;
import io.flashcheckout.checkout.SaleView;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;
import io.flashcheckout.store.dynamodb.TableDefinitions;
import io.flashcheckout.support.DynamoDbLocal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /sales/{id} under a flood of page views: one read per process and second, and a Cache-Control a CDN can use. */
class SalePageCacheTest {
    @RegisterExtension
    static final Api api = new Api();

    @Test
    void repeatedViewsWithinTheCacheWindowReadDynamoDbOnce() {
        List<SdkRequest> calls = new CopyOnWriteArrayList<>();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.add(context.request());
            }
        };
        CheckoutTables tables = CheckoutTables.withPrefix("p" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableDefinitions.createMissing(DynamoDbLocal.shared().client(), tables);
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(DynamoDbLocal.shared().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build()) {
            DynamoSaleStore store = new DynamoSaleStore(dynamo, tables);
            // a window long enough that the test never crosses it; production runs with one second
            SaleService sales = new SaleService(store, new SaleLookup(store, Duration.ofMinutes(5)), Clock.systemUTC());
            Instant now = Instant.now();
            sales.create(new NewSale("page-views", "SKU-1", "Phone", new Money(new java.math.BigDecimal("9.99"), "EUR"),
                    40L, 1, now.minusSeconds(60), now.plusSeconds(3600), 600, 4));
            calls.clear();

            for (int i = 0; i < 50; i++) {
                SaleView view = sales.shopperView("page-views");
                assertThat(view.status()).isEqualTo(SaleStatus.OPEN);
                assertThat(view.available()).isEqualTo(40);
            }

            assertThat(calls).as("DynamoDB calls for 50 page views").hasSize(2);
            assertThat(calls).filteredOn(BatchGetItemRequest.class::isInstance).singleElement()
                    .satisfies(read -> assertThat(((BatchGetItemRequest) read).requestItems().values())
                            .allSatisfy(keys -> assertThat(keys.consistentRead()).as("shards read consistently").isFalse()));
        }
    }

    @Test
    void theSalePageSaysHowLongItMayBeCached() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        api.send("admin-create-sale.json", Map.of("SALE_ID", "cached-page", "ADMIN_TOKEN", Api.admin(),
                "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(3600).toString()));

        APIGatewayV2HTTPResponse page = api.send(api.event("GET", "/sales/cached-page", null, null, Map.of()));
        APIGatewayV2HTTPResponse missing = api.send(api.event("GET", "/sales/no-such-page", null, null, Map.of()));

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(header(page, "cache-control")).isEqualTo("public, max-age=1");
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(header(missing, "cache-control")).isEqualTo("no-store");
    }

    @Test
    void aClosedSaleMayBeCachedLonger() {
        assertThat(ReadsHandler.cacheControl(SaleStatus.CLOSED)).isEqualTo("public, max-age=10");
        assertThat(ReadsHandler.cacheControl(SaleStatus.SOLD_OUT)).isEqualTo("public, max-age=1");
        assertThat(ReadsHandler.cacheControl(SaleStatus.UPCOMING)).isEqualTo("public, max-age=1");
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() != null) {
            for (Map.Entry<String, String> h : response.getHeaders().entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
        }
        if (response.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> h : response.getMultiValueHeaders().entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", h.getValue());
                }
            }
        }
        return null;
    }
}
