package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The store-closing story, on the embedded stack or a deployment (Mi Talk told its users to export, then shut down): the store announces
 * its closing date; shoppers export their data; after the date writes are refused and reads work; after the retention
 * the personal data is gone and finance's records remain. One {@code PASS}/{@code FAIL} line per check.
 */
public final class StoreClosingStory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UNTIL_CLOSED = Duration.ofSeconds(6);
    /** How long the personal data may take to go: the embedded stack sweeps every second. */
    private static final Duration RETENTION_WAIT = Duration.ofSeconds(60);
    /** ... a deployment's sweeper runs every minute (the template's schedule) and may have a backlog. */
    static final Duration DEPLOYMENT_RETENTION_WAIT = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> failures = new ArrayList<>();
    private PrintStream out;
    private URI api;

    /** Runs the story on a stack of its own (free ports, the sweeper every second); 0 only if every check passed. */
    public int run(PrintStream out) {
        StoryStage stage;
        try {
            stage = EmbeddedStage.start(LocalStack.Settings.defaults(LocalTokens.generateSecret())
                    .withWorkers(true, Duration.ofSeconds(1)), List.of());
        } catch (RuntimeException e) {
            this.out = out;
            check("the embedded stack started", false, e.toString());
            out.println("store-closing: FAIL (" + failures.size() + " checks)");
            return 1;
        }
        try (stage) {
            return run(stage, RETENTION_WAIT, out);
        }
    }

    /**
     * Runs the story on {@code stage}, waiting up to {@code retentionWait} for the personal data to go once the
     * retention has run out; 0 only if every check passed.
     */
    int run(StoryStage stage, Duration retentionWait, PrintStream out) {
        this.out = out;
        this.api = stage.api();
        out.println("store-closing on " + stage.description());
        try {
            story(stage, retentionWait);
        } catch (IOException | RuntimeException e) {
            check("the story ran to its end", false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check("the story ran to its end", false, "interrupted");
        }
        out.println(failures.isEmpty() ? "store-closing: PASS" : "store-closing: FAIL (" + failures.size() + " checks)");
        return failures.isEmpty() ? 0 : 1;
    }

    private void story(StoryStage stage, Duration retentionWait) throws IOException, InterruptedException {
        String admin = stage.admin();
        // a customer of this run only: on a deployment, other runs' shoppers are in the same store
        String customer = "mi-talk-user-" + UUID.randomUUID().toString().substring(0, 8);
        String shopper = stage.customer(customer, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String saleId = "closing-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> sale = send("POST", "/admin/sales", admin, "{\"saleId\":\"" + saleId + "\",\"sku\":\"M3\","
                + "\"title\":\"Poco M3\",\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":5,"
                + "\"perCustomerLimit\":1,\"opensAt\":\"" + now.minusSeconds(5) + "\",\"closesAt\":\"" + now.plusSeconds(3600)
                + "\",\"holdSeconds\":600}");
        String orderId = JSON.readTree(send("POST", "/sales/" + saleId + "/reservations", shopper, "{\"quantity\":1}").body())
                .path("orderId").asText();
        HttpResponse<String> paid = send("POST", "/orders/" + orderId + "/payment", shopper, "{\"paymentToken\":\"tok_approve\"}");
        check("a shopper bought before the closing", sale.statusCode() == 201 && paid.statusCode() == 200, paid.body());

        Instant closesAt = Instant.now().plus(UNTIL_CLOSED).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> announced = send("POST", "/admin/store/closing", admin,
                "{\"closesAt\":\"" + closesAt + "\",\"retentionDays\":30}");
        check("the store announces its closing date", announced.statusCode() == 200, announced.body());

        HttpResponse<String> export = send("GET", "/me/export", shopper, null);
        JsonNode exported = JSON.readTree(export.body());
        check("the shopper exports their orders with the signals kept about them", export.statusCode() == 200
                && exported.path("orders").size() == 1 && exported.path("orders").get(0).path("signals").has("sourceIp"),
                export.body());

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), closesAt).toMillis()) + 6_000);
        HttpResponse<String> late = send("POST", "/sales/" + saleId + "/reservations", stage.customer("late-" + customer, null), "{\"quantity\":1}");
        check("after the date a reservation is refused with store-closed",
                late.statusCode() == 409 && late.body().contains("store-closed"), late.body());
        HttpResponse<String> restock = send("POST", "/admin/sales/" + saleId + "/restock", admin, "{\"quantity\":5}");
        check("after the date an admin write is refused with store-closed", restock.statusCode() == 409, restock.body());
        check("after the date the sale page still reads", send("GET", "/sales/" + saleId, null, null).statusCode() == 200, "");
        HttpResponse<String> mine = send("GET", "/me/orders", shopper, null);
        check("after the date the shopper still lists their orders", mine.statusCode() == 200
                && JSON.readTree(mine.body()).path("orders").size() == 1, mine.body());

        // the 30 days pass: the admin shortens the retention to 0 days (the closing route stays open to admins)
        HttpResponse<String> retention = send("POST", "/admin/store/closing", admin,
                "{\"closesAt\":\"" + closesAt + "\",\"retentionDays\":0}");
        check("the retention runs out", retention.statusCode() == 200, retention.body());
        long deadline = System.nanoTime() + retentionWait.toNanos();
        JsonNode order = null;
        while (System.nanoTime() < deadline) {
            order = JSON.readTree(send("GET", "/admin/orders/" + orderId, admin, null).body());
            if (!order.has("customerId")) {
                break;
            }
            Thread.sleep(500);
        }
        check("after the retention the order names nobody and keeps no signals", order != null && !order.has("customerId")
                && !order.has("cardFingerprint") && !order.path("signals").has("sourceIp"), String.valueOf(order));
        check("after the retention finance's record remains (status, amount, order id)", order != null
                && "PAID".equals(order.path("status").asText()) && "149.00".equals(order.path("amount").path("amount").asText()),
                String.valueOf(order));
        HttpResponse<String> gone = send("GET", "/me/orders", shopper, null);
        check("after the retention the former owner finds no orders", gone.statusCode() == 200
                && JSON.readTree(gone.body()).path("orders").isEmpty(), gone.body());
    }

    private void check(String what, boolean passed, String evidence) {
        out.println((passed ? "PASS " : "FAIL ") + what + (passed ? "" : ": " + evidence));
        if (!passed) {
            failures.add(what);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
