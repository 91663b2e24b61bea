package io.flashcheckout.support;

import io.flashcheckout.checkout.ChargeSettlement;
import io.flashcheckout.checkout.CheckoutSettings;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.PayService;
import io.flashcheckout.checkout.RecoverySettings;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.observability.TalliedCheckoutMetrics;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.stock.ShardPicker;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoOrderStore;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;
import io.flashcheckout.store.dynamodb.TableDefinitions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The checkout core wired to DynamoDB Local, with fresh tables (a unique prefix) and a clock the test moves.
 * Services built with {@link #withClock} share the tables but see another time, as Lambda instances with skewed
 * clocks would.
 */
public final class Checkout {
    public static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final AtomicInteger SALES = new AtomicInteger();

    public final DynamoDbClient dynamo;
    public final CheckoutTables tables;
    public final MutableClock clock;
    public final DynamoSaleStore saleStore;
    public final DynamoOrderStore orderStore;
    public final SaleService sales;
    public final ReserveService reserve;
    public final PayService pay;
    public final ReleaseService release;
    public final OrderLookup orders;
    public final TableAudit audit;
    public final TalliedCheckoutMetrics metrics = new TalliedCheckoutMetrics();

    private Checkout(DynamoDbClient dynamo, CheckoutTables tables, MutableClock clock, PaymentGateway gateway,
                     CheckoutSettings settings) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.clock = clock;
        this.saleStore = new DynamoSaleStore(dynamo, tables);
        this.orderStore = new DynamoOrderStore(dynamo, tables);
        SaleLookup lookup = new SaleLookup(saleStore, settings.saleCacheTtl());
        ShardPicker picker = new ShardPicker(settings.emptyShardHintTtl());
        this.sales = new SaleService(saleStore, lookup, clock);
        this.reserve = new ReserveService(saleStore, orderStore, lookup, picker, settings, metrics, clock);
        this.pay = new PayService(orderStore, lookup, gateway, new ChargeSettlement(orderStore, clock),
                RecoverySettings.defaults(), metrics, clock);
        this.release = new ReleaseService(saleStore, orderStore, lookup, picker, metrics, clock);
        this.orders = new OrderLookup(orderStore);
        this.audit = new TableAudit(dynamo, tables);
    }

    /** Fresh tables on the shared DynamoDB Local; {@code gateway} may be null for tests that never pay. */
    public static Checkout start(PaymentGateway gateway) {
        return start(gateway, stepByStepSettings());
    }

    /** As {@link #start(PaymentGateway)} with the given tuning (production defaults for races and benchmarks). */
    public static Checkout start(PaymentGateway gateway, CheckoutSettings settings) {
        DynamoDbClient dynamo = DynamoDbLocal.shared().client();
        CheckoutTables tables = CheckoutTables.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableDefinitions.createMissing(dynamo, tables);
        return new Checkout(dynamo, tables, new MutableClock(START), gateway, settings);
    }

    /** The same tables and gateway seen through another clock. */
    public Checkout withClock(MutableClock other, PaymentGateway gateway) {
        return new Checkout(dynamo, tables, other, gateway, stepByStepSettings());
    }

    private static CheckoutSettings stepByStepSettings() {
        // no sale caching across a test's steps, so each step sees what the one before wrote
        return new CheckoutSettings(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    public static String uniqueSaleId() {
        return "sale-" + SALES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** An open sale (opened a minute ago, closes in a day) with 19.99 EUR units and a 600 s hold. */
    public Sale openSale(long stock, int perCustomerLimit, int shards) {
        return sales.create(saleDefinition(uniqueSaleId(), stock, perCustomerLimit, shards)).sale();
    }

    public NewSale saleDefinition(String saleId, long stock, int perCustomerLimit, int shards) {
        Instant now = clock.instant();
        return new NewSale(saleId, "PHONE-M3", "Poco M3, 64 GB", Money.of("19.99", "EUR"), stock, perCustomerLimit,
                now.minusSeconds(60), now.plus(Duration.ofDays(1)), 600, shards);
    }

    public Clock clock() {
        return clock;
    }
}
