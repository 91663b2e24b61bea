package io.flashcheckout.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerTest extends SimulatorTestBase {

    @Test
    void servesTheLedgerAsJson() {
        String chargeId = client.charge("k1", "10.00", "EUR", "tok_approve", "order-1").text("chargeId");
        client.charge("k2", "10.00", "EUR", "tok_decline", "order-2");
        client.refund("r1", chargeId, "2.50", "EUR");

        JsonNode ledger = client.get("/v1/ledger").body();

        assertEquals(2, ledger.get("charges").size());
        assertEquals("succeeded", ledger.get("charges").get(0).get("status").asText());
        assertEquals("declined", ledger.get("charges").get(1).get("status").asText());
        assertEquals(1, ledger.get("refunds").size());
        assertEquals("2.50", ledger.get("refunds").get(0).get("amount").asText());
    }

    @Test
    void snapshotsCountChargesPerKeyAndReference() {
        client.charge("order-1/1", "10.00", "EUR", "tok_decline", "order-1");
        client.charge("order-1/2", "10.00", "EUR", "tok_approve", "order-1");
        client.charge("order-1/2", "10.00", "EUR", "tok_approve", "order-1");
        client.charge("order-2/1", "10.00", "EUR", "tok_approve", "order-2");

        LedgerSnapshot ledger = simulator.ledger();

        assertEquals(1, ledger.chargeCountForKey("order-1/2"));
        assertEquals(0, ledger.chargeCountForKey("order-3/1"));
        assertEquals(2, ledger.chargeCountForReference("order-1"));
        assertEquals(Map.of("order-1", 1L, "order-2", 1L), ledger.succeededChargeCountsByReference());
    }

    @Test
    void snapshotsAreImmutableCopies() {
        LedgerSnapshot before = simulator.ledger();
        client.charge("k1", "10.00", "EUR", "tok_approve", "order-1");

        assertEquals(0, before.charges().size());
        assertThrows(UnsupportedOperationException.class, () -> before.charges().clear());
    }
}
