package io.flashcheckout.psp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A bare HTTP client for the simulator's tests: raw status codes and JSON bodies, no adapter logic. */
final class SimulatorClient implements AutoCloseable {

    record Answer(int status, JsonNode body) {
        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI baseUri;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    SimulatorClient(PspSimulator simulator) {
        this(simulator.baseUri(), "Bearer " + simulator.config().apiKey());
    }

    SimulatorClient(URI baseUri, String authorization) {
        this.baseUri = baseUri;
        this.authorization = authorization;
    }

    Answer charge(String key, String amount, String currency, String token, String reference) {
        return post("/v1/charges", key, MAPPER.createObjectNode()
                .put("amount", amount).put("currency", currency).put("paymentToken", token).put("reference", reference).toString());
    }

    Answer refund(String key, String chargeId, String amount, String currency) {
        return post("/v1/refunds", key, MAPPER.createObjectNode()
                .put("chargeId", chargeId).put("amount", amount).put("currency", currency).toString());
    }

    Answer post(String path, String idempotencyKey, String body) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    Answer get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
