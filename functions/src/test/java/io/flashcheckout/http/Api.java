package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.flashcheckout.checkout.CheckoutMetrics;
import io.flashcheckout.identity.TrustedIssuer;
import io.flashcheckout.observability.TalliedCheckoutMetrics;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.TableDefinitions;
import io.flashcheckout.support.DynamoDbLocal;
import io.flashcheckout.support.TableAudit;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.support.ElasticMqLocal;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real Lambda handlers of the five HTTP functions, wired to DynamoDB Local and the PSP simulator, fed with API
 * Gateway HTTP API v2 events (the files under {@code events/} with their placeholders filled in), each routed to the
 * handler of the function the template names for its route ({@link StepFunctions}). One per test class:
 * {@code @RegisterExtension static final Api api = new Api();} closes it after the class's last test.
 */
final class Api implements AutoCloseable, AfterAllCallback {
    static final String SECRET = "test-secret-that-is-long-enough-for-hs256-signing!";
    static final String ROOM_KEY = "waiting-room-key-for-the-tests-0123456789";
    static final Path EVENTS = locateEvents();
    private static final OpenApiDocument OPENAPI = OpenApiDocument.published();

    final CheckoutTables tables;
    final TableAudit audit;
    final PspSimulator psp;
    final Map<QueueNames, String> queues;
    private final ApplicationContext context;
    private final StepFunctions functions;
    private final JsonMapper json;

    Api() {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        psp = PspSimulator.start(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(3)));
        String prefix = "h" + UUID.randomUUID().toString().substring(0, 8) + "-";
        tables = CheckoutTables.withPrefix(prefix);
        TableDefinitions.createMissing(DynamoDbLocal.shared().client(), tables);
        audit = new TableAudit(DynamoDbLocal.shared().client(), tables);
        queues = ElasticMqLocal.shared().createQueues(prefix);
        context = ApplicationContext.run(Map.of(
                "flash-checkout.tables.prefix", prefix,
                "flash-checkout.sqs.endpoint", ElasticMqLocal.shared().endpoint().toString(),
                "flash-checkout.dynamodb.endpoint", DynamoDbLocal.shared().endpoint().toString(),
                "flash-checkout.psp.url", psp.baseUri().toString(),
                "flash-checkout.psp.api-key", SimulatorConfig.DEFAULT_API_KEY,
                "flash-checkout.psp.request-timeout", "2s",
                "flash-checkout.jwt.secret", SECRET,
                "flash-checkout.admission.key", ROOM_KEY,
                "flash-checkout.jwt.channel-clients", "app-lazada,app-mi"));
        functions = new StepFunctions(context);
        json = context.getBean(JsonMapper.class);
    }

    /** Loads {@code events/<name>}, fills {@code {{KEY}}} placeholders, and runs it through the handler. */
    APIGatewayV2HTTPResponse send(String eventFile, Map<String, String> values) {
        try {
            String text = Files.readString(EVENTS.resolve(eventFile));
            for (Map.Entry<String, String> v : values.entrySet()) {
                text = text.replace("{{" + v.getKey() + "}}", v.getValue());
            }
            return send(json.readValue(text.getBytes(StandardCharsets.UTF_8), APIGatewayV2HTTPEvent.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The handler's answer, once checked against the OpenAPI document: the schema of its route's answer for its
     * status (a problem for any refusal).
     */
    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = functions.send(event);
        Route route = functions.routeFor(event.getRequestContext().getHttp().getMethod(), event.getRawPath());
        var errors = OPENAPI.errors(route, response.getStatusCode(), response.getBody());
        org.assertj.core.api.Assertions.assertThat(errors)
                .as("answer %d of %s against the OpenAPI document: %s", response.getStatusCode(),
                        route == null ? "an unknown route" : route.key(), response.getBody())
                .isEmpty();
        return response;
    }

    /** An event built by hand, for bodies and headers no file holds. */
    APIGatewayV2HTTPEvent event(String method, String path, String token, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (token != null) {
            all.put("authorization", "Bearer " + token);
        }
        if (body != null && !all.containsKey("content-type")) {
            all.put("content-type", "application/json");
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(all)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("$default")
                        .build())
                .build();
    }

    /** A bean of the functions' context (the waiting room's advancer, for a test that ticks it). */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** What SnapStart runs on each function's handler before its snapshot. */
    void primeHandlers() {
        functions.handlers().forEach(handler -> handler.beforeCheckpoint(null));
    }

    /** Every route key the handlers serve, in handler order. */
    java.util.List<String> handlerRoutes() {
        return functions.handlers().stream().flatMap(h -> h.routeTable().stream()).map(Route::key).toList();
    }

    /** What the handler's checkout counted: off Lambda, the in-memory tally. */
    TalliedCheckoutMetrics metrics() {
        return (TalliedCheckoutMetrics) context.getBean(CheckoutMetrics.class);
    }

    Map<String, Object> body(APIGatewayV2HTTPResponse response) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.readValue(response.getBody().getBytes(StandardCharsets.UTF_8), Map.class);
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.getBody(), e);
        }
    }

    /** The response is {@code application/problem+json} with this status and a type ending in the slug. */
    void assertProblem(APIGatewayV2HTTPResponse response, int status, String slug) {
        org.junit.jupiter.api.Assertions.assertEquals(status, response.getStatusCode(), response.getBody());
        String contentType = response.getHeaders() == null ? null : response.getHeaders().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("content-type")).map(Map.Entry::getValue).findFirst().orElse(null);
        org.assertj.core.api.Assertions.assertThat(contentType).startsWith("application/problem+json");
        Map<String, Object> problem = body(response);
        org.assertj.core.api.Assertions.assertThat((String) problem.get("type")).endsWith(":" + slug);
        org.junit.jupiter.api.Assertions.assertEquals(status, ((Number) problem.get("status")).intValue());
    }

    static String shopper(String customerId) {
        return token(customerId, null, Duration.ofHours(1));
    }

    /** A shopper's token from another app client (a sales channel's app). */
    static String shopperOf(String customerId, String clientId) {
        return sign(localClaims(customerId, Instant.now().plus(Duration.ofHours(1))).claim("client_id", clientId).build(), SECRET);
    }

    static String admin() {
        return token("ops-admin", "openid checkout/admin", Duration.ofHours(1));
    }

    static String token(String subject, String scope, Duration validFor) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = localClaims(subject, now.plus(validFor));
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return sign(claims.build(), SECRET);
    }

    /** The claims the embedded stack's tokens carry: its issuer and client, an access token, issued now. */
    static JWTClaimsSet.Builder localClaims(String subject, Instant expires) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(TrustedIssuer.LOCAL_ISSUER)
                .claim("client_id", TrustedIssuer.LOCAL_CLIENT)
                .claim("token_use", "access")
                .issueTime(new Date())
                .expirationTime(expires == null ? null : Date.from(expires));
    }

    static String sign(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext ignored) {
        close();
    }

    @Override
    public void close() {
        context.close();
        psp.close();
    }

    private static Path locateEvents() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events")) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("no events/ folder above " + Path.of("").toAbsolutePath());
    }
}
