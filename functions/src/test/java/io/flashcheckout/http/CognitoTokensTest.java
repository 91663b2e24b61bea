package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.flashcheckout.identity.AccessTokenVerifier;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.TableDefinitions;
import io.flashcheckout.support.DynamoDbLocal;
import io.flashcheckout.support.ElasticMqLocal;
import io.micronaut.context.ApplicationContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The API function configured as the SAM template configures it on AWS: no HS256 secret, two Cognito user pools
 * instead (their JWKS served here from loopback): the shoppers' pool (open sign-up) and the admins' (invite only).
 * Access tokens shaped like Cognito's (RS256, {@code kid}, {@code scope}, {@code token_use}, {@code client_id}) are
 * accepted from each pool's own client; the admin scope counts only from the admins' pool; a token signed by a key
 * its issuer does not publish is not accepted. The keys are fetched when primed, then served from the cache.
 */
class CognitoTokensTest {
    private static final String SHOPPER_POOL = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_SHOPPERS";
    private static final String ADMIN_POOL = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ADMINS";
    private static final AtomicInteger keyFetches = new AtomicInteger();
    private static HttpServer jwks;
    private static RSAKey shopperKey;
    private static RSAKey adminKey;
    private static ApplicationContext context;
    private static StepFunctions handler;

    @BeforeAll
    static void start() throws Exception {
        shopperKey = new RSAKeyGenerator(2048).keyID("shopper-pool-key-1").generate();
        adminKey = new RSAKeyGenerator(2048).keyID("admin-pool-key-1").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serveKeys("/shoppers/.well-known/jwks.json", shopperKey);
        serveKeys("/admins/.well-known/jwks.json", adminKey);
        jwks.start();
        String base = "http://127.0.0.1:" + jwks.getAddress().getPort();
        String prefix = "c" + UUID.randomUUID().toString().substring(0, 8) + "-";
        TableDefinitions.createMissing(DynamoDbLocal.shared().client(), CheckoutTables.withPrefix(prefix));
        ElasticMqLocal.shared().createQueues(prefix);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        context = ApplicationContext.run(Map.ofEntries(
                Map.entry("flash-checkout.tables.prefix", prefix),
                Map.entry("flash-checkout.dynamodb.endpoint", DynamoDbLocal.shared().endpoint().toString()),
                Map.entry("flash-checkout.sqs.endpoint", ElasticMqLocal.shared().endpoint().toString()),
                Map.entry("flash-checkout.psp.url", "http://127.0.0.1:9"),
                Map.entry("flash-checkout.psp.api-key", SimulatorConfig.DEFAULT_API_KEY),
                Map.entry("flash-checkout.auth.shoppers.issuer", SHOPPER_POOL),
                Map.entry("flash-checkout.auth.shoppers.client-ids", "storefront"),
                Map.entry("flash-checkout.auth.shoppers.jwks-url", base + "/shoppers/.well-known/jwks.json"),
                Map.entry("flash-checkout.auth.admins.issuer", ADMIN_POOL),
                Map.entry("flash-checkout.auth.admins.client-ids", "console,ops-cli"),
                Map.entry("flash-checkout.auth.admins.jwks-url", base + "/admins/.well-known/jwks.json")));
        handler = new StepFunctions(context);
        assertThat(context.getBean(AccessTokenVerifier.class).prime()).as("both pools' keys fetched").isEqualTo(2);
    }

    private static void serveKeys(String path, RSAKey key) {
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext(path, exchange -> {
            keyFetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        context.close();
        jwks.stop(0);
    }

    private static String accessToken(RSAKey key, String issuer, String client, String subject, String scope) throws Exception {
        return sign(key, new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .claim("token_use", "access")
                .claim("client_id", client)
                .claim("scope", scope)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(1, ChronoUnit.HOURS)))
                .build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static APIGatewayV2HTTPResponse send(String method, String path, String token, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("authorization", "Bearer " + token);
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        return handler.send(APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("$default").withRawPath(path).withRawQueryString("")
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .withRequestId(UUID.randomUUID().toString()).withStage("$default").build())
                .build());
    }

    @Test
    void eachPoolsTokensWorkAndOnlyTheAdminPoolMakesAnAdmin() throws Exception {
        String shopper = accessToken(shopperKey, SHOPPER_POOL, "storefront", "cognito-shopper", "openid email");
        String shopperWithAdminScope = accessToken(shopperKey, SHOPPER_POOL, "storefront", "cognito-climber", "openid checkout/admin");
        String admin = accessToken(adminKey, ADMIN_POOL, "console", "cognito-admin", "openid checkout/admin");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int fetchesBefore = keyFetches.get();

        APIGatewayV2HTTPResponse unknownOrder = send("GET", "/orders/o-00000000000000000000000000000000", shopper, null);
        APIGatewayV2HTTPResponse shopperOnAdmin = send("POST", "/admin/sales", shopper, "{}");
        APIGatewayV2HTTPResponse climberOnAdmin = send("POST", "/admin/sales", shopperWithAdminScope, "{}");
        APIGatewayV2HTTPResponse created = send("POST", "/admin/sales", admin, "{\"saleId\":\"cognito-sale\",\"sku\":\"S\","
                + "\"title\":\"T\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"stock\":5,\"opensAt\":\"" + now
                + "\",\"closesAt\":\"" + now.plusSeconds(3600) + "\"}");

        assertThat(unknownOrder.getStatusCode()).as("authenticated, and no such order").isEqualTo(404);
        assertThat(shopperOnAdmin.getStatusCode()).as(shopperOnAdmin.getBody()).isEqualTo(403);
        assertThat(climberOnAdmin.getStatusCode()).as("the admin scope from the shoppers' pool").isEqualTo(403);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        assertThat(keyFetches.get()).as("keys served from the primed cache").isEqualTo(fetchesBefore);
    }

    static Stream<Arguments> refusedTokens() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("shopper-pool-key-1").generate();
        return Stream.of(
                arguments("signed by a key the pool does not publish", accessToken(stranger, SHOPPER_POOL, "storefront", "mallory", "openid")),
                arguments("the admins' key vouching for a shoppers' token", accessToken(adminKey, SHOPPER_POOL, "storefront", "mallory", "openid")),
                arguments("the shoppers' key vouching for an admins' token", accessToken(shopperKey, ADMIN_POOL, "console", "mallory", "checkout/admin")),
                arguments("the admins' client in the shoppers' pool", accessToken(shopperKey, SHOPPER_POOL, "console", "mallory", "openid")),
                arguments("an id token", sign(shopperKey, new JWTClaimsSet.Builder().subject("mallory").issuer(SHOPPER_POOL)
                        .claim("token_use", "id").audience("storefront").claim("client_id", "storefront").issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(3600))).build())),
                arguments("no exp", sign(shopperKey, new JWTClaimsSet.Builder().subject("mallory").issuer(SHOPPER_POOL)
                        .claim("token_use", "access").claim("client_id", "storefront").issueTime(new Date()).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void isRefused(String what, String token) {
        APIGatewayV2HTTPResponse order = send("GET", "/orders/o-00000000000000000000000000000000", token, null);
        APIGatewayV2HTTPResponse admin = send("POST", "/admin/orders/cancel", token, "{\"orderIds\":[\"o-00000000000000000000000000000000\"],\"reason\":\"x\"}");

        assertThat(order.getStatusCode()).as(order.getBody()).isEqualTo(401);
        assertThat(admin.getStatusCode()).as(admin.getBody()).isEqualTo(401);
    }
}
