package io.flashcheckout.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.psp.ChargeRecord;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the real adapter against a started PSP simulator. */
class HttpPaymentGatewayTest {

    private static final Money TEN_EUROS = Money.of("10.00", "EUR");
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    private PspSimulator simulator;
    private HttpPaymentGateway gateway;

    @BeforeEach
    void start() {
        simulator = PspSimulator.start(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(2)));
        gateway = gatewayWithKey(simulator.config().apiKey());
    }

    @AfterEach
    void stop() {
        gateway.close();
        simulator.close();
    }

    @Test
    void approvedChargeCarriesTheProvidersChargeId() {
        ChargeOutcome outcome = charge("order-1/1", "tok_approve");

        ChargeOutcome.Approved approved = assertInstanceOf(ChargeOutcome.Approved.class, outcome);
        ChargeRecord recorded = simulator.ledger().chargeForKey("order-1/1").orElseThrow();
        assertEquals(recorded.chargeId(), approved.chargeId());
        assertEquals(new BigDecimal("10.00"), recorded.amount());
        assertEquals("order-1", recorded.reference());
    }

    @Test
    void declinedChargeCarriesTheReason() {
        assertEquals(new ChargeOutcome.Declined(DeclineCode.CARD_DECLINED), charge("order-1/1", "tok_decline"));
        assertEquals(new ChargeOutcome.Declined(DeclineCode.INSUFFICIENT_FUNDS), charge("order-2/1", "tok_decline_insufficient_funds"));
    }

    @Test
    void aNamedCardHasOneFingerprintWhateverTheToken() {
        String alice = gateway.cardFingerprint("tok_approve_alice").orElseThrow();

        assertEquals(alice, gateway.cardFingerprint("tok_decline_alice").orElseThrow());
        assertFalse(alice.equals(gateway.cardFingerprint("tok_approve_bob").orElseThrow()));
        assertTrue(gateway.cardFingerprint("tok_approve").isPresent());
        assertTrue(simulator.ledger().charges().isEmpty(), "a lookup charges nothing");
    }

    @Test
    void aTokenThatIsNoCardHasNoFingerprint() {
        assertTrue(gateway.cardFingerprint("tok_what_is_this").isEmpty());
    }

    @Test
    void aFingerprintLookupIsRetriedThenReportedUnavailable() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> answers = java.util.List.of("503:{\"error\":\"service_unavailable\"}",
                "500:not json", "200:{\"fingerprint\":\"fp_after_two_faults\"}");
        com.sun.net.httpserver.HttpServer flaky = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        flaky.createContext("/", exchange -> {
            String[] answer = answers.get(Math.min(asked.getAndIncrement(), answers.size() - 1)).split(":", 2);
            byte[] body = answer[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        flaky.start();
        try (HttpPaymentGateway toFlaky = new HttpPaymentGateway(new PaymentProviderSettings(
                java.net.URI.create("http://127.0.0.1:" + flaky.getAddress().getPort()), "sk", Duration.ofSeconds(1), REQUEST_TIMEOUT))) {
            assertEquals("fp_after_two_faults", toFlaky.cardFingerprint("tok_approve").orElseThrow());
            assertEquals(3, asked.get(), "two faults, then the answer");
        } finally {
            flaky.stop(0);
        }
        try (PspSimulator down = PspSimulator.start(SimulatorConfig.defaults().withFaultRates(1.0, 0.0));
             HttpPaymentGateway toDown = new HttpPaymentGateway(new PaymentProviderSettings(down.baseUri(),
                     down.config().apiKey(), Duration.ofSeconds(1), REQUEST_TIMEOUT))) {
            assertThrows(PaymentProviderUnavailableException.class, () -> toDown.cardFingerprint("tok_approve_alice"));
        }
    }

    @Test
    void retryWithTheSameKeyChargesOnce() {
        ChargeOutcome first = charge("order-1/1", "tok_approve");
        ChargeOutcome retry = charge("order-1/1", "tok_approve");

        assertEquals(first, retry);
        assertEquals(1, simulator.ledger().chargeCountForKey("order-1/1"));
        assertEquals(1, simulator.ledger().chargeCountForReference("order-1"));
    }

    @Test
    void timeoutIsUnknownButTheChargeExistsAndCanBeFound() {
        long started = System.nanoTime();
        ChargeOutcome outcome = charge("order-1/1", "tok_timeout");

        assertInstanceOf(ChargeOutcome.Unknown.class, outcome);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(1500)) < 0, "gave up at the request timeout");
        assertTrue(simulator.ledger().chargeForKey("order-1/1").orElseThrow().succeeded());
        Charge found = gateway.findCharge("order-1/1").orElseThrow();
        assertTrue(found.succeeded());
        assertEquals(TEN_EUROS, found.amount());
        assertEquals("order-1/1", found.idempotencyKey());
    }

    @Test
    void errorAfterChargeIsUnknownButTheChargeCanBeFound() {
        ChargeOutcome outcome = charge("order-1/1", "tok_error_after_charge");

        assertInstanceOf(ChargeOutcome.Unknown.class, outcome);
        Charge found = gateway.findCharge("order-1/1").orElseThrow();
        assertEquals(simulator.ledger().chargeForKey("order-1/1").orElseThrow().chargeId(), found.chargeId());
        assertEquals(Charge.Status.SUCCEEDED, found.status());
    }

    @Test
    void unavailableIsUnknownAndNoChargeExists() {
        ChargeOutcome outcome = charge("order-1/1", "tok_unavailable");

        assertInstanceOf(ChargeOutcome.Unknown.class, outcome);
        assertTrue(gateway.findCharge("order-1/1").isEmpty());
    }

    @Test
    void findChargeReportsDeclinedCharges() {
        charge("order-1/1", "tok_decline");

        Charge found = gateway.findCharge("order-1/1").orElseThrow();

        assertFalse(found.succeeded());
        assertEquals(DeclineCode.CARD_DECLINED, found.declineCode());
    }

    @Test
    void stoppedProviderMakesChargesUnknownAndLookupsUnavailable() {
        simulator.close();

        assertInstanceOf(ChargeOutcome.Unknown.class, charge("order-1/1", "tok_approve"));
        assertThrows(PaymentProviderUnavailableException.class, () -> gateway.findCharge("order-1/1"));
        assertInstanceOf(RefundOutcome.Unknown.class, gateway.refund(new RefundRequest("refund-1", "ch_x", TEN_EUROS)));
    }

    @Test
    void reusedKeyWithOtherDetailsIsUnknownSoRecoveryLooksTheChargeUp() {
        charge("order-1/1", "tok_approve");

        ChargeOutcome outcome = gateway.charge(new ChargeRequest("order-1/1", Money.of("12.00", "EUR"), "tok_approve", "order-1"));

        ChargeOutcome.Unknown unknown = assertInstanceOf(ChargeOutcome.Unknown.class, outcome);
        assertTrue(unknown.cause().contains("idempotency_conflict"), unknown.cause());
    }

    @Test
    void wrongApiKeyIsAConfigurationErrorNotAnOutcome() {
        try (HttpPaymentGateway misconfigured = gatewayWithKey("sk_test_wrong")) {
            assertThrows(IllegalStateException.class, () -> misconfigured.charge(new ChargeRequest("order-1/1", TEN_EUROS, "tok_approve", "order-1")));
            assertThrows(IllegalStateException.class, () -> misconfigured.findCharge("order-1/1"));
        }
        assertEquals(0, simulator.ledger().charges().size());
    }

    @Test
    void refundSucceedsOncePerKey() {
        String chargeId = approvedChargeId("order-1/1");

        RefundOutcome first = gateway.refund(new RefundRequest("refund-1", chargeId, TEN_EUROS));
        RefundOutcome retry = gateway.refund(new RefundRequest("refund-1", chargeId, TEN_EUROS));

        RefundOutcome.Refunded refunded = assertInstanceOf(RefundOutcome.Refunded.class, first);
        assertEquals(first, retry);
        assertEquals(1, simulator.ledger().refunds().size());
        assertEquals(refunded.providerRefundId(), simulator.ledger().refunds().getFirst().refundId());
    }

    @Test
    void refundBeyondTheChargeIsRejected() {
        String chargeId = approvedChargeId("order-1/1");
        gateway.refund(new RefundRequest("refund-1", chargeId, Money.of("6.00", "EUR")));

        RefundOutcome outcome = gateway.refund(new RefundRequest("refund-2", chargeId, Money.of("5.00", "EUR")));

        RefundOutcome.Rejected rejected = assertInstanceOf(RefundOutcome.Rejected.class, outcome);
        assertTrue(rejected.reason().contains("refund_rejected"), rejected.reason());
        assertEquals(new BigDecimal("6.00"), simulator.ledger().refundedAmount(chargeId));
    }

    @Test
    void refundOfAnUnknownChargeIsRejected() {
        assertInstanceOf(RefundOutcome.Rejected.class, gateway.refund(new RefundRequest("refund-1", "ch_unknown", TEN_EUROS)));
    }

    private HttpPaymentGateway gatewayWithKey(String apiKey) {
        return new HttpPaymentGateway(new PaymentProviderSettings(simulator.baseUri(), apiKey, REQUEST_TIMEOUT, REQUEST_TIMEOUT));
    }

    private ChargeOutcome charge(String idempotencyKey, String paymentToken) {
        String orderId = idempotencyKey.substring(0, idempotencyKey.indexOf('/'));
        return gateway.charge(new ChargeRequest(idempotencyKey, TEN_EUROS, paymentToken, orderId));
    }

    private String approvedChargeId(String idempotencyKey) {
        return assertInstanceOf(ChargeOutcome.Approved.class, charge(idempotencyKey, "tok_approve")).chargeId();
    }
}
