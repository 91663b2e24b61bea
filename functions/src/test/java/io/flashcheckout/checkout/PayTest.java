package io.flashcheckout.checkout;

import io.flashcheckout.payment.ChargeOutcome;
import io.flashcheckout.payment.ChargeRequest;
import io.flashcheckout.payment.HttpPaymentGateway;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.payment.PaymentProviderSettings;
import io.flashcheckout.psp.LedgerSnapshot;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.MutableClock;
import io.flashcheckout.support.TableAudit;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Pay through the real HTTP payment adapter against the PSP simulator, with DynamoDB Local underneath. */
class PayTest {
    private static PspSimulator psp;
    private static HttpPaymentGateway gateway;
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        psp = PspSimulator.start(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(2)));
        gateway = new HttpPaymentGateway(new PaymentProviderSettings(psp.baseUri(), SimulatorConfig.DEFAULT_API_KEY,
                Duration.ofSeconds(1), Duration.ofMillis(500)));
        checkout = Checkout.start(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        psp.close();
    }

    private static Order reserve(Sale sale, String customer) {
        return checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer), 1, UUID.randomUUID().toString()).order();
    }

    @Test
    void anApprovedChargePaysTheOrder() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "alice");

        PaymentResult result = checkout.pay.pay(order.orderId(), Requester.shopper("alice"), "tok_approve");

        assertThat(result.pending()).isFalse();
        assertEquals(OrderStatus.PAID, result.order().status());
        LedgerSnapshot ledger = psp.ledger();
        assertEquals(1, ledger.chargeCountForReference(order.orderId()));
        assertEquals(result.order().chargeId(), ledger.chargeForKey(order.orderId() + "/1").orElseThrow().chargeId());
        assertEquals(0, new BigDecimal("19.99").compareTo(ledger.chargeForKey(order.orderId() + "/1").orElseThrow().amount()));
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(1, table.units("PAID"));
        assertEquals(9, table.shardTotal());
    }

    @Test
    void aDeclineReturnsTheOrderToReservedAndItCanBePaidAgain() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "bob");

        CheckoutException.PaymentDeclined declined = assertThrows(CheckoutException.PaymentDeclined.class,
                () -> checkout.pay.pay(order.orderId(), Requester.shopper("bob"), "tok_decline"));
        Order afterDecline = checkout.orders.get(order.orderId(), Requester.shopper("bob"));
        PaymentResult paid = checkout.pay.pay(order.orderId(), Requester.shopper("bob"), "tok_approve");

        assertEquals("card-declined", declined.reason());
        assertEquals(OrderStatus.RESERVED, afterDecline.status());
        assertEquals("card-declined", afterDecline.declineReason());
        assertEquals(OrderStatus.PAID, paid.order().status());
        assertEquals(2, paid.order().paymentAttempt());
        LedgerSnapshot ledger = psp.ledger();
        assertEquals(2, ledger.chargeCountForReference(order.orderId()));
        assertEquals(1L, ledger.succeededChargeCountsByReference().get(order.orderId()));
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aTimeoutLeavesTheOrderPayingAndPayingAgainChargesNothing() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "carol");

        PaymentResult first = checkout.pay.pay(order.orderId(), Requester.shopper("carol"), "tok_timeout");
        PaymentResult second = checkout.pay.pay(order.orderId(), Requester.shopper("carol"), "tok_approve");

        assertThat(first.pending()).isTrue();
        assertThat(second.pending()).isTrue();
        assertEquals(OrderStatus.PAYING, checkout.orders.get(order.orderId(), Requester.shopper("carol")).status());
        assertEquals(1, psp.ledger().chargeCountForReference(order.orderId()), "the provider charged once; recovery settles it");
        assertThrows(CheckoutException.NotCancellable.class,
                () -> checkout.release.cancel(order.orderId(), Requester.shopper("carol"), null));
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(1, table.units("PAYING"), "stock stays taken while the outcome is unknown");
    }

    @Test
    void anErrorAfterChargingIsAnUnknownOutcome() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "dan");

        PaymentResult result = checkout.pay.pay(order.orderId(), Requester.shopper("dan"), "tok_error_after_charge");

        assertThat(result.pending()).isTrue();
        assertThat(psp.ledger().chargeForKey(order.orderId() + "/1")).isPresent();
    }

    @Test
    void doublePayChargesOnce() throws Exception {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "erin");
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Callable<Void>> payers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            payers.add(() -> {
                PaymentResult r = checkout.pay.pay(order.orderId(), Requester.shopper("erin"), "tok_approve");
                answers.merge(r.order().status().name(), 1, Integer::sum);
                return null;
            });
        }
        ReserveRaceTest.runAll(payers);
        PaymentResult again = checkout.pay.pay(order.orderId(), Requester.shopper("erin"), "tok_approve");

        assertEquals(OrderStatus.PAID, again.order().status());
        assertThat(answers.keySet()).isSubsetOf("PAID", "PAYING");
        assertEquals(1, psp.ledger().chargeCountForReference(order.orderId()));
        assertEquals(1, checkout.audit.assertInvariants(sale.saleId()).units("PAID"));
    }

    @Test
    void onlyTheOrdersShopperCanPay() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "frank");

        assertThrows(CheckoutException.NotFound.class,
                () -> checkout.pay.pay(order.orderId(), Requester.shopper("mallory"), "tok_approve"));

        assertEquals(0, psp.ledger().chargeCountForReference(order.orderId()));
        assertEquals(OrderStatus.RESERVED, checkout.orders.get(order.orderId(), Requester.shopper("frank")).status());
    }

    @Test
    void cancellingAPaidOrderOwesARefundInTheSameTransaction() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "gina");
        Order paid = checkout.pay.pay(order.orderId(), Requester.shopper("gina"), "tok_approve").order();

        Order cancelled = checkout.release.cancel(order.orderId(), Requester.shopper("gina"), null);

        assertEquals(OrderStatus.REFUND_PENDING, cancelled.status());
        Refund refund = checkout.orderStore.findRefund(cancelled.refundId()).orElseThrow();
        assertEquals(Refund.Status.PENDING, refund.status());
        assertEquals(paid.chargeId(), refund.chargeId());
        assertEquals(paid.amount(), refund.amount());
        TableAudit.Snapshot table = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(10, table.shardTotal());
        assertEquals(0L, table.countedByCustomer().get("gina"));
        assertEquals(cancelled, checkout.release.cancel(order.orderId(), Requester.shopper("gina"), null),
                "a second cancel owes nothing more");
    }

    @Test
    void aChargeForAnOrderThatMovedOnBecomesARefund() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "hank");
        // the order is released (as a recovery that found no charge would do) while the charge is in flight
        PaymentGateway slowGateway = new PaymentGateway() {
            @Override
            public ChargeOutcome charge(ChargeRequest request) {
                Order paying = checkout.orderStore.find(order.orderId()).orElseThrow();
                checkout.orderStore.release(paying, paying.expired(checkout.clock.instant()), null, null);
                return gateway.charge(request);
            }

            @Override
            public Optional<String> cardFingerprint(String paymentToken) {
                return gateway.cardFingerprint(paymentToken);
            }

            @Override
            public io.flashcheckout.payment.RefundOutcome refund(io.flashcheckout.payment.RefundRequest request) {
                return gateway.refund(request);
            }

            @Override
            public Optional<io.flashcheckout.payment.Charge> findCharge(String key) {
                return gateway.findCharge(key);
            }
        };
        Checkout racing = checkout.withClock(checkout.clock, slowGateway);

        assertThrows(CheckoutException.NotPayable.class,
                () -> racing.pay.pay(order.orderId(), Requester.shopper("hank"), "tok_approve"));

        String chargeId = psp.ledger().chargeForKey(order.orderId() + "/1").orElseThrow().chargeId();
        Refund refund = checkout.orderStore.findRefund("rf-" + order.orderId() + "-1").orElseThrow();
        assertEquals(chargeId, refund.chargeId());
        assertEquals(OrderStatus.EXPIRED, checkout.orders.get(order.orderId(), Requester.admin("ops")).status());
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void payCancelAndExpireRacingOnOneOrderHaveExactlyOneWinner() throws Exception {
        Sale sale = checkout.openSale(40, 1, 4);
        // the expiring instance's clock is past the hold, the paying one's is not: each acts on what it believes
        MutableClock late = new MutableClock(checkout.clock.instant().plus(sale.hold()).plusSeconds(1));
        Checkout expirer = checkout.withClock(late, gateway);
        for (int round = 0; round < 20; round++) {
            String customer = "racer-" + round;
            Order order = reserve(sale, customer);
            AtomicBoolean expired = new AtomicBoolean();
            List<Callable<Void>> racers = List.of(
                    () -> ignoringRefusals(() -> checkout.pay.pay(order.orderId(), Requester.shopper(customer), "tok_approve")),
                    () -> ignoringRefusals(() -> checkout.release.cancel(order.orderId(), Requester.shopper(customer), null)),
                    () -> {
                        expired.set(expirer.release.expire(order.orderId()).expired());
                        return null;
                    });
            ReserveRaceTest.runAll(racers);

            Order end = checkout.orders.get(order.orderId(), Requester.admin("ops"));
            long charges = psp.ledger().chargeCountForReference(order.orderId());
            int winners = (charges > 0 ? 1 : 0) + (end.status() == OrderStatus.CANCELLED ? 1 : 0)
                    + (end.status() == OrderStatus.EXPIRED ? 1 : 0);
            assertEquals(1, winners, "round " + round + " ended " + end.status() + " with " + charges + " charge(s)");
            assertThat(charges).isLessThanOrEqualTo(1);
            assertEquals(expired.get(), end.status() == OrderStatus.EXPIRED);
            if (charges == 1) {
                assertThat(end.status()).isIn(OrderStatus.PAID, OrderStatus.REFUND_PENDING);
            }
        }
        checkout.audit.assertInvariants(sale.saleId());
    }

    private static Void ignoringRefusals(Callable<?> call) throws Exception {
        try {
            call.call();
        } catch (CheckoutException refused) {
            // losing the race is an answer, not a failure
        }
        return null;
    }
}
