package io.flashcheckout.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.emulation.LambdaHttpFront;
import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.local.template.TemplateResources;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backends on free ports with a stand-in handler: the tables and queues exist, a request reaches the handler
 * as an API Gateway event and its response comes back as HTTP, and everything stops and frees its ports.
 */
class LocalBackendsTest {
    private static final List<APIGatewayV2HTTPEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static final List<Context> CONTEXTS = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;
    private static List<Integer> ports;

    /** Answers like a Micronaut function would: JSON, a multi-value header, a cookie; base64 for /binary. */
    private static final class StandIn implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            EVENTS.add(event);
            CONTEXTS.add(context);
            if (event.getRawPath().equals("/admin/sales")) {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(404).build();
            }
            if (event.getRawPath().equals("/binary")) {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                        .withHeaders(Map.of("Content-Type", "application/octet-stream"))
                        .withBody(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}))
                        .withIsBase64Encoded(true).build();
            }
            return APIGatewayV2HTTPResponse.builder().withStatusCode(401)
                    .withHeaders(Map.of("Content-Type", "application/problem+json"))
                    .withMultiValueHeaders(Map.of("Vary", List.of("Authorization", "Accept")))
                    .withCookies(List.of("seen=1; Path=/"))
                    .withBody("{\"status\":401}")
                    .build();
        }
    }

    @BeforeAll
    static void start() {
        ports = List.of(Ports.free(), Ports.free(), Ports.free(), Ports.free());
        stack = LocalStack.start(LocalStack.Settings.defaults(LocalTokens.generateSecret())
                .withPorts(ports.get(0), ports.get(1), ports.get(2), ports.get(3))
                .withDemoSale(false)
                .withHandler(StandIn::new)
                .withWorkers(false, Duration.ofMinutes(1))
                .withAccessLog(null));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theTablesExist() {
        assertThat(stack.dynamoDbClient().listTables().tableNames())
                .contains("flash-checkout-sales", "flash-checkout-orders", "flash-checkout-refunds");
        assertThat(stack.dynamoDbEndpoint().getPort()).isEqualTo(ports.get(1));
    }

    @Test
    void eachQueueHasADeadLetterQueue() {
        assertThat(stack.queueUrls()).containsOnlyKeys(
                "flash-checkout-hold-expiry", "flash-checkout-hold-expiry-dlq",
                "flash-checkout-checkout-recovery", "flash-checkout-checkout-recovery-dlq",
                "flash-checkout-refunds", "flash-checkout-refunds-dlq",
                "flash-checkout-refund-issued", "flash-checkout-refund-issued-dlq", "flash-checkout-refund-relay-failures",
                "flash-checkout-order-relay-failures");
        Map<String, Integer> declared = new java.util.HashMap<>();
        new TemplateResources(CloudFormationTemplate.bundled(), "flash-checkout-").queues().stream()
                .filter(q -> q.maxReceiveCount() != null).forEach(q -> declared.put(q.name(), q.maxReceiveCount()));
        try (SqsClient sqs = LocalAws.sqs(stack.sqsEndpoint())) {
            for (QueueNames queue : QueueNames.all()) {
                String name = queue.name("flash-checkout-");
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(stack.queueUrls().get(name))
                        .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes();
                assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                        .containsPattern("\"maxReceiveCount\":\"?" + declared.get(name) + "\"?")
                        .contains(":" + name + "-dlq\"");
            }
            String url = stack.queueUrls().get("flash-checkout-refunds");
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello"));
            assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(2)).messages())
                    .singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("hello"));
        }
    }

    @Test
    void theFunctionsAreConfiguredThroughSystemProperties() {
        assertThat(System.getProperty(LocalStack.DYNAMODB_ENDPOINT)).isEqualTo("http://127.0.0.1:" + ports.get(1));
        assertThat(System.getProperty(LocalStack.SQS_ENDPOINT)).isEqualTo("http://127.0.0.1:" + ports.get(2));
        assertThat(System.getProperty(LocalStack.PSP_URL)).isEqualTo(stack.pspUri().toString());
        assertThat(System.getProperty(LocalStack.PSP_API_KEY)).isEqualTo("sk_test_simulator");
        assertThat(System.getProperty(LocalStack.TABLES_PREFIX)).isEqualTo("flash-checkout-");
        assertThat(System.getProperty(LocalStack.JWT_SECRET)).isEqualTo(stack.settings().jwtSecret());
        assertThat(System.getProperty("aws.region")).isEqualTo("us-east-1");
    }

    @Test
    void aRequestReachesTheHandlerAsAnEventAndItsResponseComesBack() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.apiUri().resolve("/sales/demo/reservations?x=1&x=2"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "key-12345")
                .header("Cookie", "a=1; b=2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"status\":401}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.headers().allValues("vary")).containsExactly("Authorization", "Accept");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("seen=1; Path=/");
        String requestId = response.headers().firstValue("apigw-requestid").orElseThrow();

        APIGatewayV2HTTPEvent event = EVENTS.stream().filter(e -> e.getRequestContext().getRequestId().equals(requestId))
                .findFirst().orElseThrow();
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getRawPath()).isEqualTo("/sales/demo/reservations");
        assertThat(event.getRawQueryString()).isEqualTo("x=1&x=2");
        assertThat(event.getQueryStringParameters()).containsEntry("x", "1,2");
        assertThat(event.getHeaders()).containsEntry("idempotency-key", "key-12345").doesNotContainKey("cookie");
        assertThat(event.getCookies()).containsExactly("a=1", "b=2");
        assertThat(event.getBody()).isEqualTo("{\"quantity\":1}");
        assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        Context context = CONTEXTS.get(EVENTS.indexOf(event));
        assertThat(context.getAwsRequestId()).isEqualTo(requestId);
        assertThat(context.getRemainingTimeInMillis()).isPositive();
    }

    @Test
    void aBase64BodyFromTheHandlerIsDecoded() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(stack.apiUri().resolve("/binary")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsExactly(0, 1, 2, 255);
    }

    @Test
    void bodiesOverOneMebibyteAreRefusedWith413BeforeTheHandler() throws Exception {
        int before = EVENTS.size();
        byte[] big = new byte[LambdaHttpFront.MAX_BODY_BYTES + 1];

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.apiUri().resolve("/sales/demo/reservations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413");
        assertThat(EVENTS).hasSize(before);
    }

    @Test
    void withoutAnAdminRouteTheDemoSaleGoesStraightIntoTheSalesTable() {
        Instant now = Instant.now();

        String adminToken = stack.tokens().admin();
        String first = DemoSale.create(stack.apiUri(), adminToken, stack.dynamoDbClient(), stack.tables(), now);
        String again = DemoSale.create(stack.apiUri(), adminToken, stack.dynamoDbClient(), stack.tables(), now);

        assertThat(first).contains("created in the sales table");
        assertThat(again).contains("already there");
        APIGatewayV2HTTPEvent post = EVENTS.stream().filter(e -> e.getRawPath().equals("/admin/sales")).findFirst().orElseThrow();
        assertThat(post.getHeaders().get("authorization")).isEqualTo("Bearer " + adminToken);
        assertThat(post.getBody()).contains("\"saleId\":\"demo\"", "\"stock\":5000", "\"holdSeconds\":600");
        Sale sale = new DynamoSaleStore(stack.dynamoDbClient(), stack.tables()).find("demo").orElseThrow();
        assertThat(sale.stock()).isEqualTo(5_000);
        assertThat(sale.perCustomerLimit()).isEqualTo(1);
        assertThat(sale.price()).isEqualTo(Money.of("199.00", "EUR"));
        assertThat(sale.closesAt()).isEqualTo(sale.opensAt().plus(Duration.ofDays(7)));
    }

    @Test
    void portsInUseAreRefusedBeforeAnythingStarts() {
        LocalStack.Settings again = stack.settings();

        assertThatThrownBy(() -> LocalStack.start(again))
                .isInstanceOf(Ports.PortInUseException.class)
                .hasMessageContaining("port " + ports.get(0) + " (--api-port) is already in use");
    }

    @Test
    void stoppingFreesEveryPortAndRestoresTheSystemProperties() throws IOException {
        List<Integer> own = List.of(Ports.free(), Ports.free(), Ports.free(), Ports.free());
        String before = System.getProperty(LocalStack.DYNAMODB_ENDPOINT);
        LocalStack other = LocalStack.start(LocalStack.Settings.defaults(LocalTokens.generateSecret())
                .withPorts(own.get(0), own.get(1), own.get(2), own.get(3))
                .withDemoSale(false).withHandler(StandIn::new).withAccessLog(null).withWorkers(false, Duration.ofMinutes(1)));
        assertThat(System.getProperty(LocalStack.DYNAMODB_ENDPOINT)).isEqualTo("http://127.0.0.1:" + own.get(1));

        other.close();

        assertThat(System.getProperty(LocalStack.DYNAMODB_ENDPOINT)).isEqualTo(before);
        List<Integer> stillBound = new ArrayList<>();
        for (int port : own) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("0.0.0.0", port));
            } catch (IOException taken) {
                stillBound.add(port);
            }
        }
        assertThat(stillBound).isEmpty();
    }
}
