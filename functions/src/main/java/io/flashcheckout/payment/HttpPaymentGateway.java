package io.flashcheckout.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.flashcheckout.checkout.Money;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@link PaymentGateway} over the provider's JSON HTTP API (the API {@code infra/psp-simulator} serves), with one
 * {@link HttpClient} per instance. Answers map as follows:
 * <ul>
 *   <li>{@code charge}: 201 is {@link ChargeOutcome.Approved}; 402 is {@link ChargeOutcome.Declined} with the
 *       provider's {@code declineReason} mapped to a {@link DeclineCode} (its text goes no further); every other
 *       status (5xx, 408, 409, 422, 429, ...), an unreadable 201, a timeout, an I/O error or an interrupt is
 *       {@link ChargeOutcome.Unknown}.</li>
 *   <li>{@code findCharge}: 200 is the charge; 404 with error {@code not_found} is empty; anything else, a timeout or
 *       an I/O error throws {@link PaymentProviderUnavailableException}. A 404 without that error body (a proxy, a
 *       wrong base path) is unavailable, not empty: "no charge" releases an order, so it must come from the provider.</li>
 *   <li>{@code cardFingerprint}: 200 is the {@code fingerprint}; 402 (invalid_token) is empty; anything else, a
 *       timeout or an I/O error is retried twice with backoff (the lookup moves no money, so a retry is always
 *       safe), then throws {@link PaymentProviderUnavailableException}.</li>
 *   <li>{@code refund}: 201 is {@link RefundOutcome.Refunded}; 422 (refund_rejected, idempotency_conflict) is
 *       {@link RefundOutcome.Rejected}; everything else, timeouts and I/O errors are {@link RefundOutcome.Unknown}.</li>
 * </ul>
 *
 * <p><b>A 401 is answered once by a fresh key</b>: the provider refused before looking at money, so the same request
 * (same idempotency key) goes again with the key {@link ApiKeySource#replaceRejected} gives, when it differs (the key
 * was rotated). A 401 that stands after that is a misuse, as below.
 *
 * <p><b>400, 401 and 403 throw {@link IllegalStateException}</b> on every call. The provider refused the request
 * before looking at money, so nothing moved, and no retry can succeed: the request is malformed (our bug) or the API
 * key or base URI is wrong (misconfiguration). These are not provider faults; failing loudly beats reporting them as
 * outcomes that park orders in PAYING while recovery asks, and fails, again and again.
 *
 * <p><b>A 422 idempotency_conflict on a charge is {@link ChargeOutcome.Unknown}</b>, not an exception: the key
 * already names a charge made with other details (an earlier attempt with another token, say). That charge may have
 * taken money, and only {@link #findCharge} can tell, which is exactly what an unknown outcome leads to. On a refund
 * the same conflict is {@link RefundOutcome.Rejected}: the refund id is already spent on another amount, and retrying
 * it cannot help.
 *
 * <p>An interrupted call restores the thread's interrupt flag and ends as an unknown outcome (unavailable, for a
 * lookup): the request may have reached the provider.
 */
public final class HttpPaymentGateway implements PaymentGateway, AutoCloseable {

    private static final Set<Integer> REFUSED_AS_MISUSE = Set.of(400, 401, 403);
    /** What a fingerprint may look like: it becomes part of a store key, so it is short and plain. */
    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /** A fingerprint lookup that got no usable answer is tried twice more: it moves no money, so that is always safe. */
    private final RetryPolicy<Optional<String>> lookupRetries = RetryPolicy.<Optional<String>>builder()
            .handle(PaymentProviderUnavailableException.class)
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
            .withJitter(0.25)
            .withMaxRetries(2)
            .build();

    private final PaymentProviderSettings settings;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    public HttpPaymentGateway(PaymentProviderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    @Override
    public ChargeOutcome charge(ChargeRequest request) {
        ObjectNode body = json.createObjectNode()
                .put("amount", request.amount().amountString())
                .put("currency", request.amount().currency())
                .put("paymentToken", request.paymentToken())
                .put("reference", request.reference());
        return post("/v1/charges", request.idempotencyKey(), body, ChargeOutcome.Unknown::new, answer -> switch (answer.status()) {
            case 201 -> answer.text("chargeId").<ChargeOutcome>map(ChargeOutcome.Approved::new)
                    .orElseGet(() -> new ChargeOutcome.Unknown("HTTP 201 without a chargeId"));
            case 402 -> new ChargeOutcome.Declined(DeclineCode.fromProvider(answer.text("declineReason").orElse(null)));
            default -> new ChargeOutcome.Unknown(answer.describe());
        });
    }

    @Override
    public Optional<String> cardFingerprint(String paymentToken) {
        ObjectNode body = json.createObjectNode().put("paymentToken", paymentToken);
        return Failsafe.with(lookupRetries).get(() -> lookUpFingerprint(body));
    }

    private Optional<String> lookUpFingerprint(ObjectNode body) {
        Answer answer;
        try {
            answer = send(key -> request("/v1/fingerprints", key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build());
        } catch (ProviderFault fault) {
            throw new PaymentProviderUnavailableException("fingerprint lookup failed: " + fault.getMessage(), fault.getCause());
        }
        if (answer.status() == 402) {
            return Optional.empty();
        }
        Optional<String> fingerprint = answer.text("fingerprint").filter(f -> FINGERPRINT.matcher(f).matches());
        if (answer.status() != 200 || fingerprint.isEmpty()) {
            throw new PaymentProviderUnavailableException("fingerprint lookup failed: " + answer.describe(), null);
        }
        return fingerprint;
    }

    @Override
    public RefundOutcome refund(RefundRequest request) {
        ObjectNode body = json.createObjectNode()
                .put("chargeId", request.chargeId())
                .put("amount", request.amount().amountString())
                .put("currency", request.amount().currency());
        return post("/v1/refunds", request.idempotencyKey(), body, RefundOutcome.Unknown::new, answer -> switch (answer.status()) {
            case 201 -> answer.text("refundId").<RefundOutcome>map(RefundOutcome.Refunded::new)
                    .orElseGet(() -> new RefundOutcome.Unknown("HTTP 201 without a refundId"));
            case 422 -> new RefundOutcome.Rejected(answer.describe());
            default -> new RefundOutcome.Unknown(answer.describe());
        });
    }

    @Override
    public Optional<Charge> findCharge(String idempotencyKey) {
        String query = "/v1/charges?idempotencyKey=" + URLEncoder.encode(idempotencyKey, StandardCharsets.UTF_8);
        Answer answer;
        try {
            answer = send(key -> request(query, key).GET().build());
        } catch (ProviderFault fault) {
            throw new PaymentProviderUnavailableException("charge lookup failed: " + fault.getMessage(), fault.getCause());
        }
        if (answer.status() == 404 && answer.text("error").filter("not_found"::equals).isPresent()) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw new PaymentProviderUnavailableException("charge lookup failed: " + answer.describe(), null);
        }
        try {
            return Optional.of(answer.toCharge());
        } catch (IllegalArgumentException e) {
            throw new PaymentProviderUnavailableException("charge lookup got an unreadable charge: " + e.getMessage(), e);
        }
    }

    /** Closes the HTTP client once calls in flight have ended. */
    @Override
    public void close() {
        client.close();
    }

    /** Sends a money-moving POST; no answer at all becomes {@code unknown}, any answer goes to {@code interpret}. */
    private <T> T post(String path, String idempotencyKey, ObjectNode body, Function<String, T> unknown, Function<Answer, T> interpret) {
        Function<String, HttpRequest> request = key -> request(path, key)
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            return interpret.apply(send(request));
        } catch (ProviderFault fault) {
            return unknown.apply(fault.getMessage());
        }
    }

    private HttpRequest.Builder request(String pathAndQuery, String apiKey) {
        return HttpRequest.newBuilder(settings.endpoint(pathAndQuery))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    /**
     * Sends the request built for the current key; after a 401, once more with the replacement key if there is one.
     *
     * @throws ProviderFault         when no answer came (timeout, I/O error, interrupt)
     * @throws IllegalStateException when the provider refused the request as malformed or unauthorised
     */
    private Answer send(Function<String, HttpRequest> withKey) throws ProviderFault {
        String key = settings.apiKeys().current();
        HttpRequest request = withKey.apply(key);
        Answer answer = exchange(request);
        if (answer.status() == 401) {
            String replacement = settings.apiKeys().replaceRejected(key);
            if (!replacement.equals(key)) {
                request = withKey.apply(replacement);
                answer = exchange(request);
            }
        }
        if (REFUSED_AS_MISUSE.contains(answer.status())) {
            throw new IllegalStateException("the payment provider refused " + request.method() + " "
                    + request.uri().getPath() + " (check the API key, base URI and request): " + answer.describe());
        }
        return answer;
    }

    private Answer exchange(HttpRequest request) throws ProviderFault {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderFault("no answer from the payment provider: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFault("interrupted while waiting for the payment provider", e);
        }
        return new Answer(response.statusCode(), parse(response.body()));
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** A status code and a JSON body (a missing node when the body was not JSON). */
    private record Answer(int status, JsonNode body) {

        Optional<String> text(String field) {
            return Optional.ofNullable(body.path(field).textValue());
        }

        /** For outcomes and exceptions: status, error slug and message, never the request. */
        String describe() {
            return "HTTP " + status + text("error").map(e -> " " + e).orElse("") + text("message").map(m -> ": " + m).orElse("");
        }

        Charge toCharge() {
            Charge.Status chargeStatus = switch (required("status")) {
                case "succeeded" -> Charge.Status.SUCCEEDED;
                case "declined" -> Charge.Status.DECLINED;
                default -> throw new IllegalArgumentException("unknown charge status " + required("status"));
            };
            return new Charge(required("chargeId"), required("idempotencyKey"),
                    Money.of(required("amount"), required("currency")), chargeStatus,
                    chargeStatus == Charge.Status.DECLINED ? DeclineCode.fromProvider(text("declineReason").orElse(null)) : null);
        }

        private String required(String field) {
            return text(field).orElseThrow(() -> new IllegalArgumentException("the charge has no " + field));
        }
    }

    /** No answer came: money may or may not have moved. */
    private static final class ProviderFault extends Exception {
        ProviderFault(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
