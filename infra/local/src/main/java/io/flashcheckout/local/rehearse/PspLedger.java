package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The PSP simulator's ledger ({@code GET /v1/ledger}): every charge it took and every refund it paid out. */
record PspLedger(List<Charge> charges, List<Payout> payouts) {

    record Charge(String chargeId, boolean succeeded, String reference, String amount) {}

    record Payout(String refundId, String chargeId, String amount) {}

    static PspLedger fetch(URI psp, String apiKey) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(psp.resolve("/v1/ledger"))
                    .header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET /v1/ledger answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode ledger = new ObjectMapper().readTree(response.body());
            List<Charge> charges = new ArrayList<>();
            for (JsonNode c : ledger.path("charges")) {
                charges.add(new Charge(c.path("chargeId").asText(), "succeeded".equals(c.path("status").asText()),
                        c.path("reference").asText(null), c.path("amount").asText()));
            }
            List<Payout> payouts = new ArrayList<>();
            for (JsonNode r : ledger.path("refunds")) {
                payouts.add(new Payout(r.path("refundId").asText(), r.path("chargeId").asText(), r.path("amount").asText()));
            }
            return new PspLedger(List.copyOf(charges), List.copyOf(payouts));
        }
    }
}
