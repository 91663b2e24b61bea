package io.flashcheckout.checkout;

import io.flashcheckout.support.Checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every operation refuses bad input with a typed error and leaves every table exactly as it was. */
class BadInputTest {
    private static Checkout checkout;
    private static Sale sale;
    private static Order order;
    private static Sale upcoming;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
        sale = checkout.openSale(10, 1, 2);
        order = checkout.reserve.reserve(sale.saleId(), Requester.shopper("owner"), 1, UUID.randomUUID().toString()).order();
        Instant now = checkout.clock.instant();
        upcoming = checkout.sales.create(new NewSale(Checkout.uniqueSaleId(), "SKU-1", "Later", Money.of("5.00", "EUR"),
                10L, 1, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), 600, 1)).sale();
    }

    static Stream<Arguments> badSales() {
        return Stream.<Map.Entry<String, UnaryOperator<NewSale>>>of(
                Map.entry("slug with capitals", s -> with(s, "Bad-Id", s.sku(), s.title(), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("slug ending in a hyphen", s -> with(s, "bad-", s.sku(), s.title(), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("slug too long", s -> with(s, "a".repeat(65), s.sku(), s.title(), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("missing sku", s -> with(s, s.saleId(), null, s.title(), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("blank title", s -> with(s, s.saleId(), s.sku(), "  ", s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("title with a control character", s -> with(s, s.saleId(), s.sku(), "a\u0000b", s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("negative stock", s -> with(s, s.saleId(), s.sku(), s.title(), -1L, s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("huge stock", s -> with(s, s.saleId(), s.sku(), s.title(), Long.MAX_VALUE, s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("missing stock", s -> with(s, s.saleId(), s.sku(), s.title(), null, s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("limit zero", s -> with(s, s.saleId(), s.sku(), s.title(), s.stock(), 0, s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("limit too high", s -> with(s, s.saleId(), s.sku(), s.title(), s.stock(), 101, s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("closes before it opens", s -> with(s, s.saleId(), s.sku(), s.title(), s.stock(), s.perCustomerLimit(), s.closesAt(), s.opensAt(), s.holdSeconds(), s.shards())),
                Map.entry("missing opensAt", s -> with(s, s.saleId(), s.sku(), s.title(), s.stock(), s.perCustomerLimit(), null, s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("hold 59 s", s -> with(s, s.saleId(), s.sku(), s.title(), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), 59, s.shards())),
                Map.entry("hold 901 s", s -> with(s, s.saleId(), s.sku(), s.title(), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), 901, s.shards())),
                Map.entry("no shards", s -> with(s, s.saleId(), s.sku(), s.title(), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), 0)),
                Map.entry("101 shards", s -> with(s, s.saleId(), s.sku(), s.title(), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), 101)),
                Map.entry("free", s -> new NewSale(s.saleId(), s.sku(), s.title(), Money.of("0.00", "EUR"), s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())),
                Map.entry("no price", s -> new NewSale(s.saleId(), s.sku(), s.title(), null, s.stock(), s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards())))
                .map(e -> arguments(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSales")
    void aBadSaleIsRefused(String what, UnaryOperator<NewSale> spoil) {
        NewSale good = checkout.saleDefinition(Checkout.uniqueSaleId(), 10, 1, 2);
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.sales.create(spoil.apply(good)));
    }

    @Test
    void anotherDefinitionForAnExistingSaleIdIsAConflict() {
        NewSale other = checkout.saleDefinition(sale.saleId(), 99, 1, 2);
        assertRefusedAndUnchanged(CheckoutException.Conflict.class, () -> checkout.sales.create(other));
    }

    @Test
    void theSameDefinitionAgainCreatesNothing() {
        NewSale same = checkout.saleDefinition(Checkout.uniqueSaleId(), 10, 1, 2);
        assertThat(checkout.sales.create(same).created()).isTrue();
        List<Map<String, AttributeValue>> before = checkout.audit.everything();

        assertThat(checkout.sales.create(same).created()).isFalse();
        assertEquals(before, checkout.audit.everything());
    }

    @Test
    void badMoneyIsRefusedBeforeAnythingRuns() {
        for (String[] bad : new String[][] {{"1e3", "EUR"}, {"-1.00", "EUR"}, {"1.234", "EUR"}, {"abc", "EUR"},
                {"10.00", "eur"}, {"10.00", "EURO"}, {"10.00", "QQQ"}, {"1.5", "JPY"}, {null, "EUR"}}) {
            assertThrows(IllegalArgumentException.class, () -> Money.of(bad[0], bad[1]), bad[0] + " " + bad[1]);
        }
    }

    static Stream<Arguments> badReserves() {
        String key = UUID.randomUUID().toString();
        return Stream.of(
                arguments("quantity zero", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("x"), 0, key), CheckoutException.InvalidInput.class),
                arguments("negative quantity", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("x"), -1, key), CheckoutException.InvalidInput.class),
                arguments("huge quantity", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("x"), Long.MAX_VALUE, key), CheckoutException.InvalidInput.class),
                arguments("quantity above the limit", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("x"), 2, key), CheckoutException.LimitReached.class),
                arguments("missing key", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("x"), 1, null), CheckoutException.InvalidInput.class),
                arguments("short key", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("x"), 1, "abc"), CheckoutException.InvalidInput.class),
                arguments("key with a space", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("x"), 1, "abc defgh"), CheckoutException.InvalidInput.class),
                arguments("key too long", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("x"), 1, "k".repeat(256)), CheckoutException.InvalidInput.class),
                arguments("unknown sale", (Reserve) s -> checkout.reserve.reserve("no-such-sale", Requester.shopper("x"), 1, key), CheckoutException.NotFound.class),
                arguments("malformed sale id", (Reserve) s -> checkout.reserve.reserve("../SALE#x", Requester.shopper("x"), 1, key), CheckoutException.NotFound.class),
                arguments("sale not open yet", (Reserve) s -> checkout.reserve.reserve(upcoming.saleId(), Requester.shopper("x"), 1, key), CheckoutException.SaleNotOpen.class),
                arguments("customer id with a control character", (Reserve) s -> checkout.reserve.reserve(s, Requester.shopper("a\nb"), 1, key), CheckoutException.InvalidInput.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReserves")
    void aBadReserveIsRefused(String what, Reserve reserve, Class<? extends CheckoutException> expected) {
        assertRefusedAndUnchanged(expected, () -> reserve.run(sale.saleId()));
    }

    @Test
    void aClosedSaleTakesNoReservations() {
        Sale closing = checkout.openSale(5, 1, 1);
        Checkout later = checkout.withClock(new io.flashcheckout.support.MutableClock(closing.closesAt()), null);
        assertRefusedAndUnchanged(CheckoutException.SaleNotOpen.class,
                () -> later.reserve.reserve(closing.saleId(), Requester.shopper("late"), 1, UUID.randomUUID().toString()));
    }

    @Test
    void badPaymentsAreRefused() {
        Requester owner = Requester.shopper("owner");
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.pay.pay(order.orderId(), owner, null));
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.pay.pay(order.orderId(), owner, ""));
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.pay.pay(order.orderId(), owner, "t".repeat(201)));
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.pay.pay("o-" + "0".repeat(32), owner, "tok_approve"));
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.pay.pay("ORDER#x", owner, "tok_approve"));
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.pay.pay(order.orderId(), Requester.shopper("thief"), "tok_approve"));
    }

    @Test
    void badCancelsAndExpiriesAreRefused() {
        Requester owner = Requester.shopper("owner");
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.release.cancel("o-" + "1".repeat(32), owner, null));
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.release.cancel(null, owner, null));
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.release.cancel(order.orderId(), owner, "r".repeat(501)));
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.release.expire("nope"));
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.release.expire("o-" + "2".repeat(32)));
    }

    @Test
    void badRestocksAreRefused() {
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.sales.restock(sale.saleId(), 0, null));
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.sales.restock(sale.saleId(), -5, null));
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.sales.restock(sale.saleId(), NewSale.MAX_STOCK, null));
        assertRefusedAndUnchanged(CheckoutException.InvalidInput.class, () -> checkout.sales.restock(sale.saleId(), 5, "bad token!"));
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.sales.restock("no-such-sale", 5, null));
        assertRefusedAndUnchanged(CheckoutException.NotFound.class, () -> checkout.sales.view("No Such Sale"));
    }

    interface Reserve {
        void run(String saleId);
    }

    private static void assertRefusedAndUnchanged(Class<? extends CheckoutException> expected, Executable operation) {
        List<Map<String, AttributeValue>> before = checkout.audit.everything();
        CheckoutException refused = assertThrows(expected, operation);
        assertThat(refused.getMessage()).isNotBlank();
        assertEquals(before, checkout.audit.everything(), "a refused operation wrote something");
    }


    private static NewSale with(NewSale s, String saleId, String sku, String title, Long stock, Integer limit,
                                Instant opensAt, Instant closesAt, Integer hold, Integer shards) {
        return new NewSale(saleId, sku, title, s.price(), stock, limit, opensAt, closesAt, hold, shards);
    }
}
