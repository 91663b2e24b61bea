package io.flashcheckout.local;

import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.support.MotoServer;
import io.flashcheckout.queue.Messages;
import io.flashcheckout.queue.RefundIssuedEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same stack against moto_server, a second and independent implementation of DynamoDB (with streams) and SQS,
 * one request at a time, so the code does not lean on DynamoDB Local's or ElasticMQ's quirks. Not the races: moto's
 * TransactWriteItems is not atomic under concurrency. Runs when moto_server is on the PATH (it is on these machines).
 */
class MotoServerTest {
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"(o-[0-9a-f]{32})\"");
    private static MotoServer moto;
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.startIfInstalled();
        Assumptions.assumeTrue(moto != null, "moto_server is not on the PATH");
        URI endpoint = moto.endpoint();
        stack = LocalStack.start(LocalStack.Settings.defaults(LocalTokens.generateSecret())
                .withPorts(Ports.free(), 0, 0, Ports.free())
                .withDemoSale(false).withAccessLog(null)
                .withWorkers(true, Duration.ofMinutes(1))
                .withAwsEndpoint(endpoint));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void aSaleReservePayAndAdminCancelEndInARefundFinanceReads() throws Exception {
        String admin = stack.tokens().admin();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> created = post("/admin/sales", admin, null, "{\"saleId\":\"moto\",\"sku\":\"M3\",\"title\":\"Poco M3\","
                + "\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":3,\"perCustomerLimit\":1,\"opensAt\":\""
                + now.minusSeconds(5) + "\",\"closesAt\":\"" + now.plusSeconds(3600) + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String shopper = stack.tokens().customer("moto-shopper");

        HttpResponse<String> reserved = post("/sales/moto/reservations", shopper, "moto-key-1", "{\"quantity\":1}");
        HttpResponse<String> replayed = post("/sales/moto/reservations", shopper, "moto-key-1", "{\"quantity\":1}");
        HttpResponse<String> overLimit = post("/sales/moto/reservations", shopper, "moto-key-2", "{\"quantity\":1}");
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(overLimit.statusCode()).as(overLimit.body()).isEqualTo(409);
        String orderId = orderId(reserved);
        assertThat(post("/orders/" + orderId + "/payment", shopper, null, "{\"paymentToken\":\"tok_approve\"}").body())
                .contains("\"status\":\"PAID\"");
        assertThat(post("/admin/orders/cancel", admin, null, "{\"orderIds\":[\"" + orderId + "\"],\"reason\":\"scalper\"}").body())
                .contains("REFUND_PENDING");

        List<RefundIssuedEvent> finance = new ArrayList<>();
        try (SqsClient sqs = LocalAws.sqs(stack.sqsEndpoint())) {
            String queue = stack.queueUrls().get("flash-checkout-refund-issued");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (finance.isEmpty() && System.nanoTime() < deadline) {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages()) {
                    finance.add(Messages.refundIssued(m.body()));
                }
            }
        }

        assertThat(finance).extracting(RefundIssuedEvent::orderId).contains(orderId);
        assertThat(get("/orders/" + orderId, admin).body()).contains("\"status\":\"REFUNDED\"");
        assertThat(get("/sales/moto", admin).body()).contains("\"available\":3");
    }

    private static String orderId(HttpResponse<String> reserved) {
        Matcher m = ORDER_ID.matcher(reserved.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> post(String path, String token, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.apiUri().resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(stack.apiUri().resolve(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
