package io.flashcheckout.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.local.backends.LocalDynamoDb;
import io.flashcheckout.support.DynamoDbLocal;
import io.flashcheckout.support.ElasticMqLocal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Every server the local tool and the tests start listens on 127.0.0.1 unless told otherwise: DynamoDB Local and
 * ElasticMQ take any credentials, so whoever reaches them could change stock or trigger refunds.
 */
class LoopbackBindingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Every server on port 0: each takes a free port as it binds (one picked first could be taken before the bind). */
    private static LocalStack.Settings standIn() {
        return LocalStack.Settings.defaults(LocalTokens.generateSecret())
                .withPorts(0, 0, 0, 0)
                .withDemoSale(false)
                .withHandler(() -> (event, context) -> APIGatewayV2HTTPResponse.builder().withStatusCode(204).build())
                .withWorkers(false, Duration.ofMinutes(1))
                .withAccessLog(null);
    }

    @Test
    void everyServerOfTheStackListensOnLoopbackOnly() {
        try (LocalStack stack = LocalStack.start(standIn())) {
            assertThat(stack.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
            NetworkProbe.assertLoopbackOnly("the API", stack.apiUri().getPort());
            NetworkProbe.assertLoopbackOnly("DynamoDB Local", stack.dynamoDbEndpoint().getPort());
            NetworkProbe.assertLoopbackOnly("ElasticMQ", stack.sqsEndpoint().getPort());
            NetworkProbe.assertLoopbackOnly("the PSP simulator", stack.pspUri().getPort());
        }
    }

    @Test
    void aStackAskedToBindEveryInterfaceIsReachableFromTheNetwork() throws Exception {
        List<InetAddress> network = NetworkProbe.nonLoopbackIpv4Addresses();
        assumeFalse(network.isEmpty(), "this machine has no non-loopback IPv4 address to try");
        try (LocalStack stack = LocalStack.start(standIn(), InetAddress.getByName("0.0.0.0"))) {
            for (int port : List.of(stack.apiUri().getPort(), stack.dynamoDbEndpoint().getPort(), stack.sqsEndpoint().getPort(),
                    stack.pspUri().getPort())) {
                assertThat(NetworkProbe.accepts(network.get(0), port)).as(network.get(0) + ":" + port).isTrue();
            }
            assertThat(stack.dynamoDbClient().listTables().tableNames()).contains("flash-checkout-orders");
        }
    }

    @Test
    void localDynamoDbIsBoundToLoopback() throws Exception {
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start(0, null)) {
            assertThat(dynamoDb.localAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(dynamoDb.endpoint().getHost()).isEqualTo("127.0.0.1");
            NetworkProbe.assertLoopbackOnly("DynamoDB Local", dynamoDb.localAddress().getPort());
        }
    }

    @Test
    void localDynamoDbAllowsNoOtherOriginThroughCors() throws Exception {
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start(0, null)) {
            HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(dynamoDb.endpoint())
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://attacker.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,x-amz-target")
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> call = HTTP.send(HttpRequest.newBuilder(dynamoDb.endpoint())
                    .header("Origin", "http://attacker.example")
                    .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=any/20260101/us-east-1/dynamodb/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(call.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void theTestSupportServersListenOnLoopbackOnly() {
        NetworkProbe.assertLoopbackOnly("the tests' DynamoDB Local", port(DynamoDbLocal.shared().endpoint()));
        NetworkProbe.assertLoopbackOnly("the tests' ElasticMQ", port(ElasticMqLocal.shared().endpoint()));
    }

    private static int port(URI endpoint) {
        return endpoint.getPort();
    }
}
