package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A caller's identity is what a token this code verified says: never a header, never claims in the event's request
 * context (API Gateway puts its authorizer's claims there, and nothing else should be trusted to), never a token
 * missing what an access token of a trusted issuer must carry. Every refusal is 401 and writes nothing.
 */
class IdentityTest {
    private static final String VICTIM = "victim-1";
    @RegisterExtension
    static final Api api = new Api();
    private static String orderId;

    @BeforeAll
    static void start() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(201, api.send("admin-create-sale.json", Map.of("SALE_ID", "identity-sale", "ADMIN_TOKEN", Api.admin(),
                "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(86_400).toString())).getStatusCode());
        orderId = (String) api.body(api.send(api.event("POST", "/sales/identity-sale/reservations", Api.shopper(VICTIM),
                "{\"quantity\":1}", Map.of("idempotency-key", UUID.randomUUID().toString())))).get("orderId");
    }

    /** The event API Gateway would send, with a request context claiming whatever the caller liked. */
    private static APIGatewayV2HTTPEvent withClaims(APIGatewayV2HTTPEvent event, Map<String, String> claims) {
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                        .withClaims(claims).withScopes(List.of("checkout/admin")).build())
                .build());
        return event;
    }

    private static void assertRefusedWritingNothing(APIGatewayV2HTTPEvent event) {
        List<Map<String, AttributeValue>> before = api.audit.everything();
        api.assertProblem(api.send(event), 401, "unauthorized");
        assertEquals(before, api.audit.everything(), "a refused request wrote something");
    }

    @Test
    void theOidcIdentityHeaderAloneIsNobody() {
        Map<String, String> header = Map.of("x-amzn-oidc-identity", VICTIM);

        assertRefusedWritingNothing(api.event("GET", "/orders/" + orderId, null, null, header));
        assertRefusedWritingNothing(api.event("POST", "/orders/" + orderId + "/cancel", null, null, header));
    }

    @Test
    void otherAuthorizationSchemesAreNobody() {
        for (String scheme : List.of("Basic dmljdGltLTE6cGFzc3dvcmQ=", "Bearer", "Bearer  ", "bearer x.y.z", "Token " + Api.shopper(VICTIM))) {
            assertRefusedWritingNothing(api.event("GET", "/orders/" + orderId, null, null, Map.of("authorization", scheme)));
        }
    }

    @Test
    void claimsInTheRequestContextWithoutAValidTokenAreNobody() {
        Map<String, String> claims = Map.of("sub", VICTIM, "scope", "openid checkout/admin", "token_use", "access");

        assertRefusedWritingNothing(withClaims(api.event("GET", "/orders/" + orderId, null, null, Map.of()), claims));
        assertRefusedWritingNothing(withClaims(api.event("POST", "/orders/" + orderId + "/cancel", null, null, Map.of()), claims));
        assertRefusedWritingNothing(withClaims(api.event("POST", "/admin/orders/cancel", null,
                "{\"orderIds\":[\"" + orderId + "\"],\"reason\":\"x\"}", Map.of()), claims));
        assertRefusedWritingNothing(withClaims(api.event("GET", "/orders/" + orderId, "not-a-jwt", null, Map.of()), claims));
    }

    @Test
    void forgedClaimsBesideAValidTokenAreIgnored() {
        Map<String, String> claims = Map.of("sub", VICTIM, "scope", "checkout/admin");
        String mallory = Api.shopper("mallory");
        List<Map<String, AttributeValue>> before = api.audit.everything();

        APIGatewayV2HTTPResponse read = api.send(withClaims(api.event("GET", "/orders/" + orderId, mallory, null, Map.of()), claims));
        APIGatewayV2HTTPResponse cancel = api.send(withClaims(api.event("POST", "/orders/" + orderId + "/cancel", mallory, null, Map.of()), claims));
        APIGatewayV2HTTPResponse admin = api.send(withClaims(api.event("POST", "/admin/orders/cancel", mallory,
                "{\"orderIds\":[\"" + orderId + "\"],\"reason\":\"x\"}", Map.of()), claims));

        api.assertProblem(read, 404, "not-found");
        api.assertProblem(cancel, 404, "not-found");
        api.assertProblem(admin, 403, "forbidden");
        assertEquals(before, api.audit.everything());
    }

    @Test
    void theOwnersVerifiedTokenReadsTheOrder() {
        APIGatewayV2HTTPResponse read = api.send(api.event("GET", "/orders/" + orderId, Api.shopper(VICTIM), null, Map.of()));

        assertEquals(200, read.getStatusCode(), read.getBody());
        assertThat(api.body(read)).containsEntry("orderId", orderId).containsEntry("status", "RESERVED");
    }

    static Stream<Arguments> tokensThatAreNotAccessTokensOfATrustedIssuer() {
        Instant hour = Instant.now().plusSeconds(3600);
        return Stream.of(
                arguments("no exp", Api.sign(Api.localClaims(VICTIM, null).build(), Api.SECRET)),
                arguments("expired a minute ago", Api.sign(Api.localClaims(VICTIM, Instant.now().minusSeconds(60)).build(), Api.SECRET)),
                arguments("no iat", Api.sign(new JWTClaimsSet.Builder(Api.localClaims(VICTIM, hour).build()).issueTime(null).build(), Api.SECRET)),
                arguments("an id token", Api.sign(Api.localClaims(VICTIM, hour).claim("token_use", "id").build(), Api.SECRET)),
                arguments("no token_use", Api.sign(Api.localClaims(VICTIM, hour).claim("token_use", null).build(), Api.SECRET)),
                arguments("another app client", Api.sign(Api.localClaims(VICTIM, hour).claim("client_id", "other-app").build(), Api.SECRET)),
                arguments("no client", Api.sign(Api.localClaims(VICTIM, hour).claim("client_id", null).build(), Api.SECRET)),
                arguments("an unknown issuer", Api.sign(Api.localClaims(VICTIM, hour).issuer("https://evil.example").build(), Api.SECRET)),
                arguments("no issuer", Api.sign(Api.localClaims(VICTIM, hour).issuer(null).build(), Api.SECRET)),
                arguments("another secret", Api.sign(Api.localClaims(VICTIM, hour).build(), "another-secret-that-is-long-enough-for-hs256!")),
                arguments("alg none", new PlainJWT(Api.localClaims(VICTIM, hour).build()).serialize()),
                arguments("a subject with a line break", Api.sign(Api.localClaims("victim\r\nadmin", hour).build(), Api.SECRET)),
                arguments("a 200-character subject", Api.sign(Api.localClaims("v".repeat(200), hour).build(), Api.SECRET)),
                arguments("a 9 KiB token", Api.sign(Api.localClaims(VICTIM, hour).claim("pad", "x".repeat(9 * 1024)).build(), Api.SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokensThatAreNotAccessTokensOfATrustedIssuer")
    void isRefused(String what, String token) {
        assertRefusedWritingNothing(api.event("GET", "/orders/" + orderId, token, null, Map.of()));
        assertRefusedWritingNothing(api.event("POST", "/orders/" + orderId + "/cancel", token, null, Map.of()));
    }
}
