package io.flashcheckout.local;

import io.flashcheckout.local.backends.LocalAws;
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

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded stack as a developer runs it, in real time, with its queue pollers, stream relay and sweeper in the
 * background: a reservation left unpaid expires when its (shortest, 60 s) hold ends and frees its unit; a paid
 * order an admin cancels is refunded and shows up on the finance queue.
 */
class LocalStackWorkersTest {
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"(o-[0-9a-f]{32})\"");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUnpaidHoldExpiresAndAnAdminCancelReachesFinance() throws Exception {
        LocalStack.Settings settings = LocalStack.Settings.defaults(LocalTokens.generateSecret())
                .withPorts(0, 0, 0, 0)
                .withDemoSale(false).withAccessLog(null);
        try (LocalStack stack = LocalStack.start(settings)) {
            String admin = stack.tokens().admin();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            HttpResponse<String> created = post(stack.apiUri(), "/admin/sales", admin, null, "{\"saleId\":\"wave\",\"sku\":\"M3\","
                    + "\"title\":\"Poco M3\",\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":2,"
                    + "\"perCustomerLimit\":1,\"opensAt\":\"" + now.minusSeconds(5) + "\",\"closesAt\":\"" + now.plusSeconds(3600)
                    + "\",\"holdSeconds\":60}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            String walker = orderId(post(stack.apiUri(), "/sales/wave/reservations", stack.tokens().customer("walker"), "walk-away-1",
                    "{\"quantity\":1}"));
            String scalper = orderId(post(stack.apiUri(), "/sales/wave/reservations", stack.tokens().customer("scalper"), "scalper-try-1",
                    "{\"quantity\":1}"));
            assertThat(post(stack.apiUri(), "/orders/" + scalper + "/payment", stack.tokens().customer("scalper"), null,
                    "{\"paymentToken\":\"tok_approve\"}").statusCode()).isEqualTo(200);
            assertThat(get(stack.apiUri(), "/sales/wave", admin).body()).contains("\"available\":0");

            HttpResponse<String> cancelled = post(stack.apiUri(), "/admin/orders/cancel", admin, null,
                    "{\"orderIds\":[\"" + scalper + "\"],\"reason\":\"unusual activity\"}");
            assertThat(cancelled.body()).contains("REFUND_PENDING");

            List<RefundIssuedEvent> finance = new ArrayList<>();
            try (SqsClient sqs = LocalAws.sqs(stack.sqsEndpoint())) {
                String financeQueue = stack.queueUrls().get("flash-checkout-refund-issued");
                long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
                while (System.nanoTime() < deadline && (finance.isEmpty() || !get(stack.apiUri(), "/orders/" + walker, admin).body().contains("EXPIRED"))) {
                    for (Message m : sqs.receiveMessage(b -> b.queueUrl(financeQueue).waitTimeSeconds(1)).messages()) {
                        finance.add(Messages.refundIssued(m.body()));
                    }
                }
            }

            assertThat(get(stack.apiUri(), "/orders/" + walker, admin).body()).contains("\"status\":\"EXPIRED\"");
            assertThat(get(stack.apiUri(), "/orders/" + scalper, admin).body()).contains("\"status\":\"REFUNDED\"");
            assertThat(get(stack.apiUri(), "/sales/wave", admin).body()).as("both units back on sale").contains("\"available\":2");
            // delivery is at least once, so finance keys on eventId: one refund, one distinct event
            assertThat(finance.stream().distinct().toList()).singleElement().satisfies(e -> {
                assertThat(e.orderId()).isEqualTo(scalper);
                assertThat(e.amount()).isEqualTo("149.00");
                assertThat(e.reason()).isEqualTo("unusual activity");
            });
        }
    }

    private static String orderId(HttpResponse<String> reserved) {
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        Matcher m = ORDER_ID.matcher(reserved.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> post(URI api, String path, String token, String idempotencyKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI api, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
