package io.flashcheckout.wiring;

import io.flashcheckout.admission.AdmissionGate;
import io.flashcheckout.admission.WaitingRoomStore;
import io.flashcheckout.checkout.ChargeSettlement;
import io.flashcheckout.checkout.CheckoutMetrics;
import io.flashcheckout.checkout.CheckoutSettings;
import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.PayService;
import io.flashcheckout.checkout.RecoverySettings;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.checkout.SaleWarmup;
import io.flashcheckout.payment.ApiKeySource;
import io.flashcheckout.payment.HttpPaymentGateway;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.payment.PaymentProviderSettings;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardPicker;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoOrderStore;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Wires the checkout core. The DynamoDB client follows the SDK's standard settings (region, credentials,
 * {@code AWS_ENDPOINT_URL_DYNAMODB}); {@code flash-checkout.dynamodb.endpoint} overrides the endpoint for the
 * embedded stack, which runs the functions inside its own JVM.
 */
@Factory
public class CheckoutFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    CheckoutSettings settings() {
        return CheckoutSettings.defaults();
    }

    @Singleton
    CheckoutTables tables(@Value("${flash-checkout.tables.prefix}") String prefix) {
        return CheckoutTables.withPrefix(prefix);
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb(@Nullable @Value("${flash-checkout.dynamodb.endpoint:}") String endpoint) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    @Singleton
    SaleStore saleStore(DynamoDbClient dynamo, CheckoutTables tables) {
        return new DynamoSaleStore(dynamo, tables);
    }

    @Singleton
    OrderStore orderStore(DynamoDbClient dynamo, CheckoutTables tables) {
        return new DynamoOrderStore(dynamo, tables);
    }

    @Singleton
    SaleLookup saleLookup(SaleStore sales, CheckoutSettings settings) {
        return new SaleLookup(sales, settings.saleCacheTtl());
    }

    @Singleton
    ShardPicker shardPicker(CheckoutSettings settings) {
        return new ShardPicker(settings.emptyShardHintTtl());
    }

    @Singleton
    PaymentProviderSettings paymentProviderSettings(@Value("${flash-checkout.psp.url}") String url,
                                                    ApiKeySource apiKeys,
                                                    @Value("${flash-checkout.psp.connect-timeout}") Duration connectTimeout,
                                                    @Value("${flash-checkout.psp.request-timeout}") Duration requestTimeout) {
        return new PaymentProviderSettings(URI.create(url), apiKeys, connectTimeout, requestTimeout);
    }

    @Singleton
    @Bean(preDestroy = "close")
    HttpPaymentGateway paymentGateway(PaymentProviderSettings settings) {
        return new HttpPaymentGateway(settings);
    }

    @Singleton
    SaleService saleService(SaleStore sales, SaleLookup lookup, Clock clock, SaleWarmup warmup, WaitingRoomStore rooms) {
        return new SaleService(sales, lookup, clock, warmup, rooms);
    }

    @Singleton
    ReserveService reserveService(SaleStore sales, OrderStore orders, SaleLookup lookup, ShardPicker shards,
                                  CheckoutSettings settings, CheckoutMetrics metrics, Clock clock, AdmissionGate admission) {
        return new ReserveService(sales, orders, lookup, shards, settings, metrics, clock, admission);
    }

    @Singleton
    ChargeSettlement chargeSettlement(OrderStore orders, Clock clock) {
        return new ChargeSettlement(orders, clock);
    }

    /** {@code flash-checkout.payment.max-attempts}: payment attempts one order may start (default 3). */
    @Singleton
    PayService payService(OrderStore orders, SaleLookup sales, PaymentGateway gateway, ChargeSettlement settlement,
                          RecoverySettings recovery, CheckoutMetrics metrics, Clock clock,
                          @Value("${flash-checkout.payment.max-attempts:" + PayService.DEFAULT_MAX_ATTEMPTS + "}") int maxAttempts) {
        return new PayService(orders, sales, gateway, settlement, recovery, metrics, clock, maxAttempts);
    }

    @Singleton
    ReleaseService releaseService(SaleStore sales, OrderStore orders, SaleLookup lookup, ShardPicker shards,
                                  CheckoutMetrics metrics, Clock clock) {
        return new ReleaseService(sales, orders, lookup, shards, metrics, clock);
    }

    @Singleton
    OrderLookup orderLookup(OrderStore orders) {
        return new OrderLookup(orders);
    }
}
