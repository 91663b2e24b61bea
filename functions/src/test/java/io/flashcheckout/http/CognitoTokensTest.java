package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.TableDefinitions;
import io.flashcheckout.support.DynamoDbLocal;
import io.flashcheckout.support.ElasticMqLocal;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API function configured as the SAM template configures it on AWS: no HS256 secret, the Cognito user pool's
 * JWKS URL instead (served here from loopback). Access tokens shaped like Cognito's (RS256, {@code kid},
 * {@code scope}, {@code token_use}) are accepted; a token signed by another key is not.
 */
class CognitoTokensTest {
    private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST";
    private static HttpServer jwks;
    private static RSAKey poolKey;
    private static ApplicationContext context;
    private static CheckoutApiHandler handler;

    @BeforeAll
    static void start() throws Exception {
        poolKey = new RSAKeyGenerator(2048).keyID("pool-key-1").generate();
        byte[] keys = new JWKSet(poolKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
        String prefix = "c" + UUID.randomUUID().toString().substring(0, 8) + "-";
        TableDefinitions.createMissing(DynamoDbLocal.shared().client(), CheckoutTables.withPrefix(prefix));
        ElasticMqLocal.shared().createQueues(prefix);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        context = ApplicationContext.run(Map.of(
                "flash-checkout.tables.prefix", prefix,
                "flash-checkout.dynamodb.endpoint", DynamoDbLocal.shared().endpoint().toString(),
                "flash-checkout.sqs.endpoint", ElasticMqLocal.shared().endpoint().toString(),
                "flash-checkout.psp.url", "http://127.0.0.1:9",
                "flash-checkout.psp.api-key", SimulatorConfig.DEFAULT_API_KEY,
                "micronaut.security.token.jwt.signatures.jwks.cognito.url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json"));
        handler = new CheckoutApiHandler(context);
    }

    @AfterAll
    static void stop() {
        handler.close();
        jwks.stop(0);
    }

    private static String accessToken(RSAKey key, String subject, String scope) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .claim("token_use", "access")
                .claim("client_id", "storefront")
                .claim("scope", scope)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(1, ChronoUnit.HOURS)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static APIGatewayV2HTTPResponse send(String method, String path, String token, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("authorization", "Bearer " + token);
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("$default").withRawPath(path).withRawQueryString("")
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .withRequestId(UUID.randomUUID().toString()).withStage("$default").build())
                .build(), new MockLambdaContext());
    }

    @Test
    void aPoolSignedShopperTokenIsAcceptedAndAnAdminScopeOpensAdminRoutes() throws Exception {
        String shopper = accessToken(poolKey, "cognito-shopper", "openid email");
        String admin = accessToken(poolKey, "cognito-admin", "openid checkout/admin");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        APIGatewayV2HTTPResponse unknownOrder = send("GET", "/orders/o-00000000000000000000000000000000", shopper, null);
        APIGatewayV2HTTPResponse shopperOnAdmin = send("POST", "/admin/sales", shopper, "{}");
        APIGatewayV2HTTPResponse created = send("POST", "/admin/sales", admin, "{\"saleId\":\"cognito-sale\",\"sku\":\"S\","
                + "\"title\":\"T\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"stock\":5,\"opensAt\":\"" + now
                + "\",\"closesAt\":\"" + now.plusSeconds(3600) + "\"}");

        assertThat(unknownOrder.getStatusCode()).as("authenticated, and no such order").isEqualTo(404);
        assertThat(shopperOnAdmin.getStatusCode()).as(shopperOnAdmin.getBody()).isEqualTo(403);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("pool-key-1").generate();

        String forged = accessToken(stranger, "mallory", "openid checkout/admin");

        APIGatewayV2HTTPResponse order = send("GET", "/orders/o-00000000000000000000000000000000", forged, null);
        APIGatewayV2HTTPResponse admin = send("POST", "/admin/orders/cancel", forged, "{\"orderIds\":[\"o-00000000000000000000000000000000\"],\"reason\":\"x\"}");

        assertThat(order.getStatusCode()).as(order.getBody()).isEqualTo(401);
        assertThat(admin.getStatusCode()).as(admin.getBody()).isEqualTo(401);
    }
}
