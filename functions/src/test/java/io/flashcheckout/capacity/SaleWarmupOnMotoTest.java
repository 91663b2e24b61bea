package io.flashcheckout.capacity;

import io.flashcheckout.checkout.CheckoutEvent;
import io.flashcheckout.checkout.CheckoutMetrics;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.SaleService;
import io.flashcheckout.checkout.WarmCapacity;
import io.flashcheckout.observability.TalliedCheckoutMetrics;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.TableDefinitions;
import io.flashcheckout.support.DynamoDbLocal;
import io.flashcheckout.support.MotoServer;
import io.flashcheckout.support.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import static io.flashcheckout.capacity.ApplicationAutoScalingApi.ScheduledAction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pre-warming a scheduled sale against moto_server's Application Auto Scaling, through the functions' own context
 * (configured as the template configures the admin function) and DynamoDB Local: creating a sale registers the
 * reserve and pay aliases and schedules their window; creating it again changes nothing; reopening moves the window;
 * a window with nothing left to warm is removed; pre-warming off schedules nothing; an unreachable endpoint leaves the
 * sale created and counts the miss. Skipped when moto_server is not installed.
 */
class SaleWarmupOnMotoTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant OPENS = Instant.parse("2026-11-24T12:00:00Z");
    private static MotoServer moto;
    private static ApplicationAutoScalingApi autoScaling;

    private final String stage = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final String reserve = "flash-checkout-" + stage + "-reserve";
    private final String pay = "flash-checkout-" + stage + "-pay";
    private final String prefix = "flash-checkout-" + stage + "-";
    private final CheckoutTables tables = CheckoutTables.withPrefix(prefix);
    private final MutableClock clock = new MutableClock(NOW);
    private ApplicationContext admin;

    @BeforeAll
    static void start() {
        moto = MotoServer.startIfInstalled();
        assumeTrue(moto != null, "moto_server is not on the PATH");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        autoScaling = new ApplicationAutoScalingApi(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), Region.US_EAST_1, moto.endpoint());
    }

    @AfterAll
    static void stop() {
        if (autoScaling != null) {
            autoScaling.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @AfterEach
    void closeContext() {
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void creatingAScheduledSaleWarmsReserveAndPayFromTheLeadUntilItCloses() {
        SaleService sales = adminFunction(moto.endpoint(), 40, 20).getBean(SaleService.class);

        assertThat(sales.create(sale("drop-1", OPENS, OPENS.plus(Duration.ofMinutes(30)))).created()).isTrue();

        assertThat(autoScaling.isRegistered("function:" + reserve + ":live")).isTrue();
        assertThat(autoScaling.isRegistered("function:" + pay + ":live")).isTrue();
        assertThat(autoScaling.actions("function:" + reserve + ":live")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "flash-checkout-sale-drop-1-warm", new ScheduledAction("at(2026-11-24T11:50:00)", 40, 40),
                "flash-checkout-sale-drop-1-cool", new ScheduledAction("at(2026-11-24T12:30:00)", 0, 0)));
        assertThat(autoScaling.actions("function:" + pay + ":live")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "flash-checkout-sale-drop-1-warm", new ScheduledAction("at(2026-11-24T11:50:00)", 20, 20),
                "flash-checkout-sale-drop-1-cool", new ScheduledAction("at(2026-11-24T12:30:00)", 0, 0)));
        assertThat(metrics().counted(CheckoutEvent.WARMUP_NOT_SCHEDULED)).isZero();
    }

    @Test
    void creatingTheSameSaleAgainSchedulesTheSameWindowOnce() {
        SaleService sales = adminFunction(moto.endpoint(), 40, 20).getBean(SaleService.class);
        NewSale drop = sale("drop-2", OPENS, OPENS.plus(Duration.ofMinutes(30)));
        sales.create(drop);
        Map<String, ScheduledAction> first = autoScaling.actions("function:" + reserve + ":live");

        clock.advance(Duration.ofMinutes(5));
        assertThat(sales.create(drop).created()).isFalse();

        assertThat(autoScaling.actions("function:" + reserve + ":live")).hasSize(2).isEqualTo(first);
        assertThat(autoScaling.actions("function:" + pay + ":live")).hasSize(2);
    }

    @Test
    void reopeningASaleMovesItsWindow() {
        SaleService sales = adminFunction(moto.endpoint(), 40, 20).getBean(SaleService.class);
        sales.create(sale("drop-3", OPENS, OPENS.plus(Duration.ofMinutes(30))));

        Instant secondWave = Instant.parse("2026-11-27T18:00:00Z");
        sales.reopen("drop-3", secondWave, secondWave.plus(Duration.ofHours(5)));

        assertThat(autoScaling.actions("function:" + reserve + ":live")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "flash-checkout-sale-drop-3-warm", new ScheduledAction("at(2026-11-27T17:50:00)", 40, 40),
                "flash-checkout-sale-drop-3-cool", new ScheduledAction("at(2026-11-27T20:00:00)", 0, 0)));
        assertThat(autoScaling.actions("function:" + pay + ":live")).hasSize(2)
                .containsEntry("flash-checkout-sale-drop-3-warm", new ScheduledAction("at(2026-11-27T17:50:00)", 20, 20));
    }

    @Test
    void reopeningIntoAWindowWhoseWarmPartIsOverRemovesTheSalesActions() {
        SaleService sales = adminFunction(moto.endpoint(), 40, 20).getBean(SaleService.class);
        sales.create(sale("drop-4", OPENS, OPENS.plus(Duration.ofMinutes(30))));
        sales.create(sale("other-drop", OPENS.plus(Duration.ofDays(1)), OPENS.plus(Duration.ofDays(1)).plus(Duration.ofHours(1))));

        // open since three hours, closing in one: more than the longest warm window (2 h) after its opening
        sales.reopen("drop-4", NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofHours(1)));

        assertThat(autoScaling.actions("function:" + reserve + ":live").keySet())
                .containsExactlyInAnyOrder("flash-checkout-sale-other-drop-warm", "flash-checkout-sale-other-drop-cool");
        assertThat(autoScaling.actions("function:" + pay + ":live")).hasSize(2);
    }

    @Test
    void aSaleOpenAlreadyIsWarmedFromAMinuteOn() {
        SaleService sales = adminFunction(moto.endpoint(), 40, 20).getBean(SaleService.class);
        sales.create(sale("drop-5", NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofMinutes(20))));

        assertThat(autoScaling.actions("function:" + reserve + ":live")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "flash-checkout-sale-drop-5-warm", new ScheduledAction("at(2026-11-23T10:01:00)", 40, 40),
                "flash-checkout-sale-drop-5-cool", new ScheduledAction("at(2026-11-23T10:20:00)", 0, 0)));
    }

    @Test
    void aSizeAboveTheFunctionsReservedConcurrencyIsCappedToIt() {
        Map<String, Object> config = adminConfig(moto.endpoint(), 500, 20);
        config.put("flash-checkout.prewarm.reserve-limit", "300");
        SaleService sales = start(config).getBean(SaleService.class);
        sales.create(sale("drop-6", OPENS, OPENS.plus(Duration.ofMinutes(30))));

        assertThat(autoScaling.actions("function:" + reserve + ":live"))
                .containsEntry("flash-checkout-sale-drop-6-warm", new ScheduledAction("at(2026-11-24T11:50:00)", 300, 300));
    }

    @Test
    void withPreWarmingOffNothingIsScheduled() {
        admin = adminFunction(moto.endpoint(), 0, 0);
        assertThat(admin.getBean(WarmCapacity.class)).isSameAs(WarmCapacity.NONE);

        assertThat(admin.getBean(SaleService.class).create(sale("drop-7", OPENS, OPENS.plus(Duration.ofMinutes(30)))).created()).isTrue();

        assertThat(autoScaling.isRegistered("function:" + reserve + ":live")).isFalse();
        assertThat(autoScaling.actions("function:" + reserve + ":live")).isEmpty();
        assertThat(autoScaling.actions("function:" + pay + ":live")).isEmpty();
    }

    @Test
    void anUnreachableEndpointLeavesTheSaleCreatedAndCountsTheMissedWarmUp() {
        SaleService sales = adminFunction(closedPort(), 40, 20).getBean(SaleService.class);

        SaleStore.Created created = sales.create(sale("drop-8", OPENS, OPENS.plus(Duration.ofMinutes(30))));

        assertThat(created.created()).isTrue();
        assertThat(sales.view("drop-8").sale().opensAt()).isEqualTo(OPENS);
        assertThat(metrics().counted(CheckoutEvent.WARMUP_NOT_SCHEDULED)).isEqualTo(1);
        assertThat(sales.reopen("drop-8", OPENS, OPENS.plus(Duration.ofHours(1))).closesAt()).isEqualTo(OPENS.plus(Duration.ofHours(1)));
        assertThat(metrics().counted(CheckoutEvent.WARMUP_NOT_SCHEDULED)).isEqualTo(2);
    }

    private ApplicationContext adminFunction(URI endpoint, int reserveSize, int paySize) {
        return start(adminConfig(endpoint, reserveSize, paySize));
    }

    /** As the template sets the admin function's environment (FLASH_CHECKOUT_PREWARM_*). */
    private Map<String, Object> adminConfig(URI endpoint, int reserveSize, int paySize) {
        TableDefinitions.createMissing(DynamoDbLocal.shared().client(), tables);
        Map<String, Object> config = new HashMap<>(Map.of(
                "flash-checkout.tables.prefix", prefix,
                "flash-checkout.dynamodb.endpoint", DynamoDbLocal.shared().endpoint().toString(),
                "flash-checkout.jwt.secret", "0123456789abcdef0123456789abcdef0123456789abcdef",
                "flash-checkout.applicationautoscaling.endpoint", endpoint.toString(),
                "flash-checkout.prewarm.reserve-function", reserve,
                "flash-checkout.prewarm.reserve-concurrency", Integer.toString(reserveSize),
                "flash-checkout.prewarm.reserve-limit", "300",
                "flash-checkout.prewarm.pay-function", pay,
                "flash-checkout.prewarm.pay-concurrency", Integer.toString(paySize),
                "flash-checkout.prewarm.pay-limit", "150"));
        config.put("flash-checkout.prewarm.lead", "10m");
        return config;
    }

    private ApplicationContext start(Map<String, Object> config) {
        ApplicationContext context = ApplicationContext.builder().properties(config).build();
        context.registerBeanDefinition(RuntimeBeanDefinition.builder(Clock.class, () -> clock).replaces(Clock.class).build());
        admin = context.start();
        return admin;
    }

    private TalliedCheckoutMetrics metrics() {
        return (TalliedCheckoutMetrics) admin.getBean(CheckoutMetrics.class);
    }

    private static NewSale sale(String saleId, Instant opensAt, Instant closesAt) {
        return new NewSale(saleId, "PHONE-M3", "Poco M3, 64 GB", Money.of("149.00", "EUR"), 100L, 1, opensAt, closesAt, 600, 2);
    }

    private static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
