package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.flashcheckout.checkout.PayService;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Card testing through the real Lambda handler: declines answer a code only; the attempt after the last is a 409. */
class HttpPaymentAttemptsTest {
    @RegisterExtension
    static final Api api = new Api();
    private static int sales;

    @Test
    void aDeclineAnswersTheCodeAndNeverTheProvidersText() {
        String shopper = Api.shopper("dora");
        String orderId = reserve(shopper);
        String providerText = "Do not honor: issuer fraud desk flagged card 4000000000000002, call +1 555 0100";

        APIGatewayV2HTTPResponse declined = pay(orderId, shopper,
                "tok_decline_with:" + URLEncoder.encode(providerText, StandardCharsets.UTF_8).replace("+", "%20"));
        APIGatewayV2HTTPResponse expired = pay(orderId, shopper, "tok_decline_expired_card");
        APIGatewayV2HTTPResponse read = api.send(api.event("GET", "/orders/" + orderId, shopper, null, Map.of()));

        api.assertProblem(declined, 402, "payment-declined");
        assertEquals("the payment was declined: card-declined", api.body(declined).get("detail"));
        assertThat(declined.getBody()).doesNotContain("honor", "issuer", "4000", "555");
        api.assertProblem(expired, 402, "payment-declined");
        assertEquals("the payment was declined: expired-card", api.body(expired).get("detail"));
        assertEquals("expired-card", api.body(read).get("declineReason"));
        assertThat(api.audit.everything().toString()).doesNotContain("honor", "issuer");
    }

    @Test
    void theAttemptAfterTheLastAnswers409AndWritesNothing() {
        String shopper = Api.shopper("tess");
        String orderId = reserve(shopper);
        for (int attempt = 1; attempt <= PayService.DEFAULT_MAX_ATTEMPTS; attempt++) {
            api.assertProblem(pay(orderId, shopper, "tok_decline"), 402, "payment-declined");
        }
        List<Map<String, AttributeValue>> before = api.audit.everything();

        APIGatewayV2HTTPResponse refused = pay(orderId, shopper, "tok_approve");

        api.assertProblem(refused, 409, "payment-attempts-exhausted");
        assertEquals(before, api.audit.everything());
        assertEquals(PayService.DEFAULT_MAX_ATTEMPTS, api.psp.ledger().chargeCountForReference(orderId));
        APIGatewayV2HTTPResponse read = api.send(api.event("GET", "/orders/" + orderId, shopper, null, Map.of()));
        assertEquals("RESERVED", api.body(read).get("status"));
    }

    private static APIGatewayV2HTTPResponse pay(String orderId, String shopper, String paymentToken) {
        return api.send(api.event("POST", "/orders/" + orderId + "/payment", shopper,
                "{\"paymentToken\":\"" + paymentToken + "\"}", Map.of()));
    }

    private static String reserve(String shopper) {
        String saleId = "attempts-sale-" + (++sales) + "-" + UUID.randomUUID().toString().substring(0, 6);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        APIGatewayV2HTTPResponse created = api.send("admin-create-sale.json", Map.of("SALE_ID", saleId,
                "ADMIN_TOKEN", Api.admin(), "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(86_400).toString()));
        assertEquals(201, created.getStatusCode(), created.getBody());
        APIGatewayV2HTTPResponse reserved = api.send(api.event("POST", "/sales/" + saleId + "/reservations", shopper,
                "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString())));
        assertEquals(201, reserved.getStatusCode(), reserved.getBody());
        return (String) api.body(reserved).get("orderId");
    }
}
