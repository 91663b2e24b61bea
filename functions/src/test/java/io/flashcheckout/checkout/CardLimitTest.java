package io.flashcheckout.checkout;

import io.flashcheckout.payment.DeclineCode;
import io.flashcheckout.payment.HttpPaymentGateway;
import io.flashcheckout.payment.PaymentProviderSettings;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.TableAudit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The per-sale card limit ({@code DESIGN.md} "Limits per person") through the real HTTP payment adapter, the PSP
 * simulator's card fingerprints and DynamoDB Local: a card holds at most the sale's per-customer limit across all
 * accounts, every release gives its units back, and a refusal writes nothing.
 */
class CardLimitTest {
    private static PspSimulator psp;
    private static HttpPaymentGateway gateway;
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        psp = PspSimulator.start(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(2)));
        gateway = gatewayTo(psp.baseUri());
        checkout = Checkout.start(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        psp.close();
    }

    private static HttpPaymentGateway gatewayTo(URI provider) {
        return new HttpPaymentGateway(new PaymentProviderSettings(provider, SimulatorConfig.DEFAULT_API_KEY,
                Duration.ofSeconds(1), Duration.ofMillis(500)));
    }

    private static Order reserve(Sale sale, String customer, int quantity) {
        return checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer), quantity, UUID.randomUUID().toString()).order();
    }

    private static PaymentResult pay(Order order, String token) {
        return checkout.pay.pay(order.orderId(), Requester.shopper(order.customerId()), token);
    }

    private static String fingerprint(String token) {
        return gateway.cardFingerprint(token).orElseThrow();
    }

    private static long cardUnits(Sale sale, String token) {
        return checkout.orderStore.cardUnits(sale.saleId(), fingerprint(token));
    }

    @Test
    void fiftyAccountsWithOneCardBuyTheLimitNotFiftyTimesIt() throws Exception {
        Sale sale = checkout.openSale(200, 2, 4);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(reserve(sale, "scalper-" + i, 1));
        }
        List<Callable<String>> payers = orders.stream().<Callable<String>>map(order -> () -> {
            try {
                return pay(order, "tok_approve_scalpers-card").order().status().name();
            } catch (CheckoutException e) {
                return e.slug();
            }
        }).toList();
        Map<String, Long> outcomes;
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<String> answers = new ArrayList<>();
            for (Future<String> answer : pool.invokeAll(payers)) {
                answers.add(answer.get());
            }
            outcomes = answers.stream().collect(java.util.stream.Collectors.groupingBy(a -> a, java.util.stream.Collectors.counting()));
        }

        assertEquals(Map.of("PAID", 2L, "card-limit-reached", 48L), outcomes);
        assertEquals(2, cardUnits(sale, "tok_approve_scalpers-card"));
        assertEquals(2, psp.ledger().charges().stream().filter(c -> orders.stream()
                .anyMatch(o -> o.orderId().equals(c.reference()))).count(), "the refused ones were never charged");
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(2, table.units("PAID"));
        assertEquals(48, table.units("RESERVED"));
        for (Order order : orders) {
            Order now = checkout.orderStore.find(order.orderId()).orElseThrow();
            if (now.status() == OrderStatus.RESERVED) {
                assertEquals(0, now.paymentAttempt(), "a refused payment wrote nothing");
                assertNull(now.cardFingerprint());
            } else {
                assertEquals(fingerprint("tok_approve_scalpers-card"), now.cardFingerprint());
            }
        }
        // a refused order may still be paid with another card
        Order refused = orders.stream().filter(o -> checkout.orderStore.find(o.orderId()).orElseThrow().status()
                == OrderStatus.RESERVED).findFirst().orElseThrow();
        assertEquals(OrderStatus.PAID, pay(refused, "tok_approve_own-card").order().status());
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void accountsSharingAVerifiedPhoneBuyTheLimitWhateverCardsTheyUse() {
        Sale sale = checkout.openSale(10, 1, 2);
        Requester first = Requester.shopper("phone-a", "+4915112345678");
        Requester second = Requester.shopper("phone-b", "+4915112345678");
        Order paid = checkout.reserve.reserve(sale.saleId(), first, 1, UUID.randomUUID().toString()).order();
        Order refused = checkout.reserve.reserve(sale.saleId(), second, 1, UUID.randomUUID().toString()).order();
        assertEquals(OrderStatus.PAID, checkout.pay.pay(paid.orderId(), first, "tok_approve_phone-card-1").order().status());
        List<Map<String, AttributeValue>> before = checkout.audit.everything();

        CheckoutException.PhoneLimitReached limit = assertThrows(CheckoutException.PhoneLimitReached.class,
                () -> checkout.pay.pay(refused.orderId(), second, "tok_approve_phone-card-2"));

        assertEquals("phone-limit-reached", limit.slug());
        assertEquals(before, checkout.audit.everything());
        assertEquals(1, checkout.orderStore.phoneUnits(sale.saleId(), first.phoneDigest()));
        assertThat(checkout.audit.everything().toString()).doesNotContain("4915112345678");
        checkout.audit.assertInvariants(sale.saleId());
        // the phone's unit comes back with the paid order's cancel; then the other account may pay
        checkout.release.cancel(paid.orderId(), first, null);
        assertEquals(0, checkout.orderStore.phoneUnits(sale.saleId(), first.phoneDigest()));
        assertEquals(OrderStatus.PAID, checkout.pay.pay(refused.orderId(), second, "tok_approve_phone-card-2").order().status());
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aDeclineGivesThePhoneItsUnitsBackToo() {
        Sale sale = checkout.openSale(10, 1, 2);
        Requester shopper = Requester.shopper("phone-c", "+33612345678");
        Order order = checkout.reserve.reserve(sale.saleId(), shopper, 1, UUID.randomUUID().toString()).order();

        assertThrows(CheckoutException.PaymentDeclined.class, () -> checkout.pay.pay(order.orderId(), shopper, "tok_decline_phone-card-3"));

        assertEquals(0, checkout.orderStore.phoneUnits(sale.saleId(), shopper.phoneDigest()));
        checkout.audit.assertInvariants(sale.saleId());
        assertEquals(OrderStatus.PAID, checkout.pay.pay(order.orderId(), shopper, "tok_approve_phone-card-3").order().status());
        assertEquals(1, checkout.orderStore.phoneUnits(sale.saleId(), shopper.phoneDigest()));
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aRefusedPaymentWritesNothing() {
        Sale sale = checkout.openSale(10, 1, 2);
        pay(reserve(sale, "first", 1), "tok_approve_shared");
        Order second = reserve(sale, "second", 1);
        List<Map<String, AttributeValue>> before = checkout.audit.everything();
        int charges = psp.ledger().charges().size();

        CheckoutException.CardLimitReached refused = assertThrows(CheckoutException.CardLimitReached.class,
                () -> pay(second, "tok_approve_shared"));

        assertEquals("card-limit-reached", refused.slug());
        assertEquals(before, checkout.audit.everything());
        assertEquals(charges, psp.ledger().charges().size());
        assertThat(checkout.metrics.counted(CheckoutEvent.CARD_LIMIT_REACHED)).isPositive();
    }

    @Test
    void anOrderOfMoreUnitsThanTheCardHasLeftIsRefused() {
        Sale sale = checkout.openSale(10, 3, 2);
        pay(reserve(sale, "one", 2), "tok_approve_family");

        assertThrows(CheckoutException.CardLimitReached.class, () -> pay(reserve(sale, "two", 2), "tok_approve_family"));
        assertEquals(OrderStatus.PAID, pay(reserve(sale, "three", 1), "tok_approve_family").order().status());
        assertEquals(3, cardUnits(sale, "tok_approve_family"));
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void cancellingAPaidOrderGivesTheCardItsUnitsBackWithTheRefund() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order paid = pay(reserve(sale, "ann", 1), "tok_approve_card-a").order();

        Order cancelled = checkout.release.cancel(paid.orderId(), Requester.shopper("ann"), null);

        assertEquals(OrderStatus.REFUND_PENDING, cancelled.status());
        assertEquals(paid.cardFingerprint(), cancelled.cardFingerprint(), "the order keeps the card it was paid with");
        assertEquals(0, cardUnits(sale, "tok_approve_card-a"));
        checkout.audit.assertInvariants(sale.saleId());
        assertEquals(OrderStatus.PAID, pay(reserve(sale, "other-account", 1), "tok_approve_card-a").order().status());
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aDeclinedAttemptDoesNotKeepTheCardsUnits() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "ben", 1);

        CheckoutException.PaymentDeclined declined = assertThrows(CheckoutException.PaymentDeclined.class,
                () -> pay(order, "tok_decline_insufficient_funds_card-b"));

        assertEquals(DeclineCode.INSUFFICIENT_FUNDS, declined.code());
        Order reserved = checkout.orderStore.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.RESERVED, reserved.status());
        assertEquals(fingerprint("tok_approve_card-b"), reserved.cardFingerprint(), "the last card tried stays on the order");
        assertEquals(0, cardUnits(sale, "tok_approve_card-b"));
        checkout.audit.assertInvariants(sale.saleId());
        // the same card, now with funds, in another account; then the first order with another card
        assertEquals(OrderStatus.PAID, pay(reserve(sale, "ben-too", 1), "tok_approve_card-b").order().status());
        assertEquals(OrderStatus.PAID, pay(order, "tok_approve_card-c").order().status());
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void recoveryReleasingAnUnchargedAttemptGivesTheCardItsUnitsBack() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "cleo", 1);
        // the provider is down for the charge: the order stays PAYING with its card counted
        assertThat(pay(order, "tok_unavailable_card-d").pending()).isTrue();
        assertEquals(1, cardUnits(sale, "tok_approve_card-d"));
        checkout.audit.assertInvariants(sale.saleId());
        CheckoutRecovery recovery = new CheckoutRecovery(checkout.orderStore, gateway,
                new ChargeSettlement(checkout.orderStore, checkout.clock), checkout.release, RecoverySettings.defaults(),
                checkout.metrics, checkout.clock);

        checkout.clock.advance(Duration.ofSeconds(61));
        recovery.handle(RecoveryMessage.of(order.orderId(), 1));

        assertEquals(OrderStatus.RESERVED, checkout.orderStore.find(order.orderId()).orElseThrow().status());
        assertEquals(0, cardUnits(sale, "tok_approve_card-d"));
        checkout.audit.assertInvariants(sale.saleId());

        assertThat(pay(order, "tok_unavailable_card-d").pending()).isTrue();
        checkout.clock.advance(sale.hold());
        recovery.handle(RecoveryMessage.of(order.orderId(), 2));
        recovery.handle(RecoveryMessage.of(order.orderId(), 2)); // a duplicate message changes nothing

        assertEquals(OrderStatus.EXPIRED, checkout.orderStore.find(order.orderId()).orElseThrow().status());
        assertEquals(0, cardUnits(sale, "tok_approve_card-d"));
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aReplayedPayCountsTheCardOnce() {
        Sale sale = checkout.openSale(10, 2, 2);
        Order order = reserve(sale, "dora", 1);

        Order paid = pay(order, "tok_approve_card-e").order();
        Order again = pay(order, "tok_approve_card-e").order();

        assertEquals(paid, again);
        assertEquals(1, cardUnits(sale, "tok_approve_card-e"));
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aTokenThatIsNoCardIsDeclinedAndUsesAnAttemptButNoCard() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "eve", 1);
        int charges = psp.ledger().charges().size();

        CheckoutException.PaymentDeclined declined = assertThrows(CheckoutException.PaymentDeclined.class,
                () -> pay(order, "tok_not_a_card"));

        assertEquals(DeclineCode.CARD_DECLINED, declined.code());
        Order reserved = checkout.orderStore.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.RESERVED, reserved.status());
        assertEquals(1, reserved.paymentAttempt(), "the attempt counts against the cap on card testing");
        assertNull(reserved.cardFingerprint());
        assertEquals(charges, psp.ledger().charges().size(), "nothing was charged");
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aProviderThatCannotGiveTheFingerprintIsBusyAndNothingIsWritten() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "fay", 1);
        List<Map<String, AttributeValue>> before = checkout.audit.everything();
        try (PspSimulator down = PspSimulator.start(SimulatorConfig.defaults().withFaultRates(1.0, 0.0));
             HttpPaymentGateway toDown = gatewayTo(down.baseUri())) {
            Checkout viaDown = checkout.withClock(checkout.clock, toDown);

            CheckoutException.Busy busy = assertThrows(CheckoutException.Busy.class,
                    () -> viaDown.pay.pay(order.orderId(), Requester.shopper("fay"), "tok_approve_card-f"));

            assertThat(busy.transientRefusal()).isTrue();
            assertThat(down.ledger().charges()).isEmpty();
        }
        assertEquals(before, checkout.audit.everything());
    }
}
