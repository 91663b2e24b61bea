package io.flashcheckout.checkout;

import io.flashcheckout.payment.HttpPaymentGateway;
import io.flashcheckout.payment.PaymentProviderSettings;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.TableAudit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Card testing: one hold allows {@link PayService#DEFAULT_MAX_ATTEMPTS} payment attempts, concurrent or not, and a
 * decline is answered and stored as a fixed code, never the provider's text. DynamoDB Local and the PSP simulator
 * (with a little latency, so concurrent attempts overlap).
 */
class PaymentAttemptsTest {
    private static final int CAP = PayService.DEFAULT_MAX_ATTEMPTS;
    private static PspSimulator psp;
    private static HttpPaymentGateway gateway;
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        psp = PspSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ofMillis(15), Duration.ofMillis(15)));
        gateway = new HttpPaymentGateway(new PaymentProviderSettings(psp.baseUri(), SimulatorConfig.DEFAULT_API_KEY,
                Duration.ofSeconds(1), Duration.ofSeconds(2)));
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
    void theAttemptAfterTheLastIsRefusedWithNothingWrittenAndTheHoldIsKept() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "tester");
        for (int attempt = 1; attempt <= CAP; attempt++) {
            assertThrows(CheckoutException.PaymentDeclined.class,
                    () -> checkout.pay.pay(order.orderId(), Requester.shopper("tester"), "tok_decline"));
        }
        List<Map<String, AttributeValue>> before = checkout.audit.everything();

        CheckoutException.PaymentAttemptsExhausted refused = assertThrows(CheckoutException.PaymentAttemptsExhausted.class,
                () -> checkout.pay.pay(order.orderId(), Requester.shopper("tester"), "tok_approve"));

        assertEquals("payment-attempts-exhausted", refused.slug());
        assertEquals(before, checkout.audit.everything(), "a refused attempt writes nothing");
        assertEquals(CAP, psp.ledger().chargeCountForReference(order.orderId()), "the provider saw no further attempt");
        assertThat(psp.ledger().chargeForKey(order.orderId() + "/" + (CAP + 1))).isEmpty();
        Order stored = checkout.orders.get(order.orderId(), Requester.shopper("tester"));
        assertEquals(OrderStatus.RESERVED, stored.status());
        assertEquals(CAP, stored.paymentAttempt());
        // the hold is kept until it ends or the shopper lets it go, as for any unpaid order
        TableAudit.Snapshot held = checkout.audit.assertInvariants(sale.saleId());
        assertEquals(1, held.units("RESERVED"));
        assertEquals(OrderStatus.CANCELLED, checkout.release.cancel(order.orderId(), Requester.shopper("tester"), null).status());
        assertEquals(10, checkout.audit.assertInvariants(sale.saleId()).shardTotal());
    }

    @Test
    void concurrentAttemptsCannotExceedTheCap() throws Exception {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "swarm");
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Callable<Void>> testers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            testers.add(() -> {
                // each tester keeps trying (a try that meets another's attempt in flight answers PAYING) until refused
                for (int tries = 0; tries < 500; tries++) {
                    try {
                        PaymentResult result = checkout.pay.pay(order.orderId(), Requester.shopper("swarm"), "tok_decline");
                        answers.merge(result.order().status().name(), 1, Integer::sum);
                    } catch (CheckoutException.PaymentAttemptsExhausted refused) {
                        answers.merge(refused.slug(), 1, Integer::sum);
                        return null;
                    } catch (CheckoutException refused) {
                        answers.merge(refused.slug(), 1, Integer::sum);
                    }
                }
                return null;
            });
        }

        ReserveRaceTest.runAll(testers);

        assertEquals(CAP, psp.ledger().chargeCountForReference(order.orderId()), "answers: " + answers);
        Order stored = checkout.orders.get(order.orderId(), Requester.shopper("swarm"));
        assertEquals(CAP, stored.paymentAttempt());
        assertEquals(OrderStatus.RESERVED, stored.status());
        assertEquals(CAP, answers.get("payment-declined"), "answers: " + answers);
        assertEquals(8, answers.get("payment-attempts-exhausted"), "every tester ends refused: " + answers);
        assertThrows(CheckoutException.PaymentAttemptsExhausted.class,
                () -> checkout.pay.pay(order.orderId(), Requester.shopper("swarm"), "tok_approve"));
        assertEquals(CAP, psp.ledger().chargeCountForReference(order.orderId()));
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aDeclineIsAnsweredAndStoredAsACodeNeverAsTheProvidersText() {
        Sale sale = checkout.openSale(10, 1, 2);
        Order order = reserve(sale, "shopper");
        String providerText = "Issuer says: card 4000 0000 0000 0002 reported STOLEN <script>alert(1)</script>";
        String token = "tok_decline_with:" + URLEncoder.encode(providerText, StandardCharsets.UTF_8).replace("+", "%20");

        CheckoutException.PaymentDeclined declined = assertThrows(CheckoutException.PaymentDeclined.class,
                () -> checkout.pay.pay(order.orderId(), Requester.shopper("shopper"), token));
        CheckoutException.PaymentDeclined poor = assertThrows(CheckoutException.PaymentDeclined.class,
                () -> checkout.pay.pay(order.orderId(), Requester.shopper("shopper"), "tok_decline_insufficient_funds"));

        assertEquals(providerText, psp.ledger().chargeForKey(order.orderId() + "/1").orElseThrow().declineReason(),
                "the provider did send its text");
        assertEquals("card-declined", declined.reason());
        assertEquals("the payment was declined: card-declined", declined.getMessage());
        assertEquals("insufficient-funds", poor.reason());
        assertEquals("insufficient-funds", checkout.orders.get(order.orderId(), Requester.shopper("shopper")).declineReason());
        assertThat(checkout.audit.everything().toString()).doesNotContain("STOLEN", "Issuer", "4000 0000");
    }
}
