package io.flashcheckout.checkout;

import io.flashcheckout.payment.HttpPaymentGateway;
import io.flashcheckout.payment.PaymentProviderSettings;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.support.Checkout;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the services count, on DynamoDB Local and the PSP simulator: each answer once, replays and bad input never. */
class CheckoutMetricsTest {
    private static PspSimulator psp;
    private static HttpPaymentGateway gateway;

    @BeforeAll
    static void start() {
        psp = PspSimulator.start(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(2)));
        gateway = new HttpPaymentGateway(new PaymentProviderSettings(psp.baseUri(), SimulatorConfig.DEFAULT_API_KEY,
                Duration.ofSeconds(1), Duration.ofMillis(500)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        psp.close();
    }

    @Test
    void everyAnswerIsCountedOnceByWhatItWas() {
        Checkout checkout = Checkout.start(gateway);
        Sale sale = checkout.openSale(3, 1, 2);
        Order alice = checkout.reserve.reserve(sale.saleId(), Requester.shopper("alice"), 1, "key-alice-1").order();
        checkout.reserve.reserve(sale.saleId(), Requester.shopper("alice"), 1, "key-alice-1");
        Order bob = checkout.reserve.reserve(sale.saleId(), Requester.shopper("bob"), 1, "key-bob-001").order();
        Order carol = checkout.reserve.reserve(sale.saleId(), Requester.shopper("carol"), 1, "key-carol-1").order();
        assertThrows(CheckoutException.SoldOut.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("dave"), 1, "key-dave-01"));
        assertThrows(CheckoutException.LimitReached.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("erin"), 2, "key-erin-01"));
        assertThrows(CheckoutException.InvalidInput.class,
                () -> checkout.reserve.reserve(sale.saleId(), Requester.shopper("erin"), -1, "key-erin-02"));

        checkout.pay.pay(alice.orderId(), Requester.shopper("alice"), "tok_approve");
        checkout.pay.pay(alice.orderId(), Requester.shopper("alice"), "tok_approve");
        assertThrows(CheckoutException.PaymentDeclined.class,
                () -> checkout.pay.pay(bob.orderId(), Requester.shopper("bob"), "tok_decline"));
        assertThat(checkout.pay.pay(bob.orderId(), Requester.shopper("bob"), "tok_timeout").pending()).isTrue();
        assertThrows(CheckoutException.InvalidInput.class,
                () -> checkout.pay.pay(carol.orderId(), Requester.shopper("carol"), "no spaces allowed"));

        checkout.release.cancel(alice.orderId(), Requester.shopper("alice"), null);
        checkout.release.cancel(alice.orderId(), Requester.shopper("alice"), null);
        checkout.release.cancel(carol.orderId(), Requester.shopper("carol"), null);

        assertThat(checkout.metrics.tally()).isEqualTo(Map.of(
                CheckoutEvent.RESERVED, 3L,
                CheckoutEvent.SOLD_OUT, 1L,
                CheckoutEvent.LIMIT_REACHED, 1L,
                CheckoutEvent.PAID, 1L,
                CheckoutEvent.DECLINED, 1L,
                CheckoutEvent.PAYMENT_UNKNOWN, 1L,
                CheckoutEvent.REFUND_REQUESTED, 1L,
                CheckoutEvent.CANCELLED, 1L));
    }

    @Test
    void anExpiredHoldIsCountedOnceHoweverOftenItsMessageComes() {
        Checkout checkout = Checkout.start(gateway);
        Sale sale = checkout.openSale(2, 1, 1);
        Order order = checkout.reserve.reserve(sale.saleId(), Requester.shopper("frank"), 1, "key-frank-1").order();
        checkout.clock.advance(Duration.ofSeconds(sale.holdSeconds() + 1));

        checkout.release.expire(order.orderId());
        checkout.release.expire(order.orderId());

        assertThat(checkout.metrics.counted(CheckoutEvent.HOLD_EXPIRED)).isEqualTo(1);
    }
}
