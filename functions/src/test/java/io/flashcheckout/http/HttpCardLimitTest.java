package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

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

/** The per-sale card limit through the real Lambda handler: a 409 problem, nothing written, the card on the order. */
class HttpCardLimitTest {
    @RegisterExtension
    static final Api api = new Api();

    @Test
    void aSecondAccountWithTheSameCardIsRefusedWithCardLimitReached() {
        String saleId = openSale();
        String first = Api.shopper("card-owner");
        String second = Api.shopper("card-owner-alt");
        String paidOrder = reserve(saleId, first);
        String refusedOrder = reserve(saleId, second);

        APIGatewayV2HTTPResponse paid = pay(paidOrder, first, "tok_approve_one-card");
        List<Map<String, AttributeValue>> before = api.audit.everything();
        APIGatewayV2HTTPResponse refused = pay(refusedOrder, second, "tok_approve_one-card");

        assertEquals(200, paid.getStatusCode(), paid.getBody());
        api.assertProblem(refused, 409, "card-limit-reached");
        assertThat(refused.getBody()).doesNotContain("fp_");
        assertEquals(before, api.audit.everything());
        Map<String, Object> owner = api.body(api.send(api.event("GET", "/orders/" + paidOrder, first, null, Map.of())));
        assertThat((String) owner.get("cardFingerprint")).matches("fp_[0-9a-f]{32}");
        Map<String, Object> other = api.body(api.send(api.event("GET", "/orders/" + refusedOrder, second, null, Map.of())));
        assertEquals("RESERVED", other.get("status"));
        assertThat(other).doesNotContainKey("cardFingerprint");

        APIGatewayV2HTTPResponse withAnotherCard = pay(refusedOrder, second, "tok_approve_other-card");
        assertEquals(200, withAnotherCard.getStatusCode(), withAnotherCard.getBody());
    }

    @Test
    void aVerifiedPhoneInTheTokenBindsTheLimitAcrossAccountsAndAnUnverifiedOneDoesNot() {
        String saleId = openSale();
        String first = phoneToken("phone-owner", "+14155550123", true);
        String second = phoneToken("phone-owner-alt", "+14155550123", true);
        String unverified = phoneToken("phone-owner-unverified", "+14155550123", false);
        String paidOrder = reserve(saleId, first);
        String refusedOrder = reserve(saleId, second);
        String unverifiedOrder = reserve(saleId, unverified);

        assertEquals(200, pay(paidOrder, first, "tok_approve_phone-one").getStatusCode());
        List<Map<String, AttributeValue>> before = api.audit.everything();
        APIGatewayV2HTTPResponse refused = pay(refusedOrder, second, "tok_approve_phone-two");

        api.assertProblem(refused, 409, "phone-limit-reached");
        assertThat(refused.getBody()).doesNotContain("4155550123");
        assertEquals(before, api.audit.everything());
        APIGatewayV2HTTPResponse notCounted = pay(unverifiedOrder, unverified, "tok_approve_phone-three");
        assertEquals(200, notCounted.getStatusCode(), notCounted.getBody());
        assertThat(api.audit.everything().toString()).doesNotContain("4155550123");
    }

    private static String phoneToken(String subject, String phone, boolean verified) {
        return Api.sign(Api.localClaims(subject, java.time.Instant.now().plusSeconds(3600))
                .claim("phone_number", phone).claim("phone_number_verified", verified).build(), Api.SECRET);
    }

    private static APIGatewayV2HTTPResponse pay(String orderId, String shopper, String paymentToken) {
        return api.send(api.event("POST", "/orders/" + orderId + "/payment", shopper,
                "{\"paymentToken\":\"" + paymentToken + "\"}", Map.of()));
    }

    private static String openSale() {
        String saleId = "card-sale-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        APIGatewayV2HTTPResponse created = api.send("admin-create-sale.json", Map.of("SALE_ID", saleId,
                "ADMIN_TOKEN", Api.admin(), "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(86_400).toString()));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return saleId;
    }

    private static String reserve(String saleId, String shopper) {
        APIGatewayV2HTTPResponse reserved = api.send(api.event("POST", "/sales/" + saleId + "/reservations", shopper,
                "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString())));
        assertEquals(201, reserved.getStatusCode(), reserved.getBody());
        return (String) api.body(reserved).get("orderId");
    }
}
