package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The checkout's HTTP API as a storefront calls it, timing every call into the {@link Tally}. An open model: a
 * request goes when it is due, whatever the other requests' answers, and its latency counts from when it was due
 * ({@link #dueAt}), so a slow answer is not hidden by sending the next request later (no coordinated omission). The
 * only bound is a safety cap on requests open at once, far above what a sale should need: when it is reached the
 * request waits for a free slot, that wait is counted as waiting, and the hit is counted for the report.
 */
final class Storefront implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final HttpClient http;
    private final int safetyCap;
    private final Semaphore inFlight;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final LongAdder capHits = new LongAdder();
    private final Duration timeout;
    /** When the calling shopper's next request is due; unset: now. One shopper, one (virtual) thread. */
    private final ThreadLocal<Long> due = new ThreadLocal<>();
    private volatile Tally tally;

    Storefront(URI api, int safetyCap, Duration timeout) {
        this.api = api;
        this.safetyCap = safetyCap;
        this.inFlight = new Semaphore(safetyCap);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    void countInto(Tally tally) {
        this.tally = tally;
    }

    /** The calling thread's next request was due at {@code nanos} ({@link System#nanoTime()}), e.g. its shopper's arrival. */
    void dueAt(long nanos) {
        due.set(nanos);
    }

    int safetyCap() {
        return safetyCap;
    }

    /** How often a request found the safety cap reached and waited for a slot. */
    long capHits() {
        return capHits.sum();
    }

    /** The most requests open at once. */
    int mostInFlight() {
        return mostOpen.get();
    }

    Answer createSale(String adminToken, String saleJson) {
        return send(Route.CREATE_SALE, post("/admin/sales", adminToken, saleJson).build());
    }

    Answer reserve(String token, String saleId, int quantity, String idempotencyKey) {
        return send(Route.RESERVE, post("/sales/" + saleId + "/reservations", token, "{\"quantity\":" + quantity + "}")
                .header("Idempotency-Key", idempotencyKey).build());
    }

    /** A reserve on a sale with a waiting room: the admission token in {@code Admission-Token} (none when null). */
    Answer reserve(String token, String saleId, int quantity, String idempotencyKey, String admissionToken) {
        HttpRequest.Builder request = post("/sales/" + saleId + "/reservations", token, "{\"quantity\":" + quantity + "}")
                .header("Idempotency-Key", idempotencyKey);
        if (admissionToken != null) {
            request.header("Admission-Token", admissionToken);
        }
        return send(Route.RESERVE, request.build());
    }

    /** Joins the sale's waiting room; with {@code ticket} (the shopper's own) the same ticket comes back. */
    Answer joinQueue(String token, String saleId, String ticket) {
        HttpRequest.Builder request = post("/sales/" + saleId + "/queue", token, null);
        if (ticket != null) {
            request.header("Queue-Ticket", ticket);
        }
        return send(Route.JOIN_QUEUE, request.build());
    }

    /** Where the ticket stands (its {@code Retry-After} in {@link Answer#retryAfterSeconds()}). */
    Answer queueStanding(String token, String saleId, String ticket) {
        return send(Route.QUEUE_STANDING, request("/sales/" + saleId + "/queue", token).header("Queue-Ticket", ticket).GET().build());
    }

    Answer pay(String token, String orderId, String paymentToken) {
        return send(Route.PAY, post("/orders/" + orderId + "/payment", token,
                "{\"paymentToken\":\"" + paymentToken + "\"}").build());
    }

    Answer cancel(String token, String orderId) {
        return send(Route.CANCEL, post("/orders/" + orderId + "/cancel", token, null).build());
    }

    /** Any order, with an admin's token (the audit's read). */
    Answer adminOrder(String adminToken, String orderId) {
        return send(Route.ADMIN_GET_ORDER, request("/admin/orders/" + orderId, adminToken).GET().build());
    }

    Answer sale(String token, String saleId) {
        return send(Route.GET_SALE, request("/sales/" + saleId, token).GET().build());
    }

    private HttpRequest.Builder post(String path, String token, String json) {
        HttpRequest.Builder b = request(path, token);
        if (json == null) {
            return b.POST(HttpRequest.BodyPublishers.noBody());
        }
        return b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(api.resolve(path)).timeout(timeout).header("Authorization", "Bearer " + token);
    }

    private Answer send(Route route, HttpRequest request) {
        Long dueNanos = due.get();
        due.remove();
        if (!inFlight.tryAcquire()) {
            capHits.increment();
            inFlight.acquireUninterruptibly();
        }
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        long sent = System.nanoTime();
        Answer answer;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            answer = Answer.of(response.statusCode(), parse(response.body()),
                    response.headers().firstValue("Retry-After").map(Storefront::seconds).orElse(null));
        } catch (IOException e) {
            answer = Answer.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = Answer.failed(e);
        } finally {
            open.decrementAndGet();
            inFlight.release();
        }
        Tally t = tally;
        if (t != null) {
            t.record(route, dueNanos == null ? sent : Math.min(dueNanos, sent), sent, System.nanoTime(), answer);
        }
        return answer;
    }

    private static Long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
