package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit passes a consistent sale and fails each invariant when the evidence breaks it. */
class InvariantAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant HOLD_ENDS = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aConsistentSalePassesAllSix() {
        assertThat(verdicts(evidence(sale(7), consistentOrders(), consistentLedger(), List.of(replay("o1", "o1")), true)))
                .containsExactly(true, true, true, true, true, true);
    }

    @Test
    void unitsThatAppearOrVanishBreakConservation() {
        assertThat(verdicts(evidence(sale(8), consistentOrders(), consistentLedger(), List.of(), true)).get(0)).isFalse();
    }

    @Test
    void aPoolWhoseUnitsDoNotAddUpBreaksConservationEvenWhenTheSaleDoes() {
        Map<String, SaleTables.OrderRow> rows = Map.of("x", new SaleTables.OrderRow("x", "alice", 3, "PAID", "ch_x", null));
        SaleTables whole = new SaleTables(List.of(4L, 3L), rows, Map.of(), List.of(),
                List.of(new SaleTables.PoolRow("lazada", 6, 4, 2), new SaleTables.PoolRow("mi", 4, 3, 1)));
        SaleTables leaking = new SaleTables(List.of(4L, 3L), rows, Map.of(), List.of(),
                List.of(new SaleTables.PoolRow("lazada", 6, 4, 1), new SaleTables.PoolRow("mi", 4, 3, 2)));
        SaleTables shortPools = new SaleTables(List.of(4L, 3L), rows, Map.of(), List.of(),
                List.of(new SaleTables.PoolRow("lazada", 6, 4, 2)));

        assertThat(InvariantAudit.audit(withTables(whole)).get(0).passed()).isTrue();
        assertThat(InvariantAudit.audit(withTables(whole)).get(0).detail()).contains("each of 2 pools");
        assertThat(InvariantAudit.audit(withTables(leaking)).get(0).detail()).contains("pool lazada");
        assertThat(InvariantAudit.audit(withTables(leaking)).get(0).passed()).isFalse();
        assertThat(InvariantAudit.audit(withTables(shortPools)).get(0).passed()).isFalse();
    }

    private static InvariantAudit.Evidence withTables(SaleTables tables) {
        return new InvariantAudit.Evidence("s", 10, 2, sale(7), consistentOrders(), java.util.Set.of("o3"), List.of(),
                consistentLedger().ledger(), tables, true, Duration.ofSeconds(150));
    }

    @Test
    void aCustomerHoldingMoreThanTheLimitBreaksIt() {
        Map<String, JsonNode> orders = consistentOrders();
        orders.put("o5", order("o5", "alice", 2, "PAID", null));
        assertThat(verdicts(evidence(sale(5), orders, consistentLedger().withCharge("o5"), List.of(), true)))
                .containsExactly(true, true, false, true, true, true);
    }

    @Test
    void aSecondChargeOrAChargeNeitherPaidNorRefundedBreaksMoney() {
        assertThat(verdicts(evidence(sale(7), consistentOrders(), consistentLedger().withCharge("o1"), List.of(), true)).get(3))
                .isFalse();
        assertThat(verdicts(evidence(sale(7), consistentOrders(), consistentLedger().withCharge("o3"), List.of(), true)).get(3))
                .isFalse();
    }

    @Test
    void anOpenOrderOrAHoldThatOutlivedItsExpiryBreaksLiveness() {
        Map<String, JsonNode> open = consistentOrders();
        open.put("o3", order("o3", "carol", 1, "RESERVED", null));
        assertThat(verdicts(evidence(sale(6), open, consistentLedger(), List.of(), true)).get(4)).isFalse();

        Map<String, JsonNode> late = consistentOrders();
        ((ObjectNode) late.get("o3")).put("updatedAt", HOLD_ENDS.plus(Duration.ofMinutes(10)).toString());
        assertThat(verdicts(evidence(sale(7), late, consistentLedger(), List.of(), true)).get(4)).isFalse();

        Map<String, JsonNode> paymentInDoubt = consistentOrders();
        ObjectNode settledLate = order("o6", "erin", 1, "EXPIRED", null);
        settledLate.put("updatedAt", HOLD_ENDS.plus(Duration.ofMinutes(10)).toString());
        paymentInDoubt.put("o6", settledLate);
        assertThat(verdicts(evidence(sale(7), paymentInDoubt, consistentLedger(), List.of(), true)).get(4)).isTrue();
    }

    @Test
    void aReplayAnsweredWithAnotherOrderBreaksIdempotency() {
        assertThat(verdicts(evidence(sale(7), consistentOrders(), consistentLedger(), List.of(replay("o1", "o2")), true)).get(5))
                .isFalse();
    }

    /** Stock 10: o1 PAID (1), o2 PAID (2, bob), o3 EXPIRED, o4 REFUNDED; 7 left. */
    private static Map<String, JsonNode> consistentOrders() {
        Map<String, JsonNode> orders = new LinkedHashMap<>();
        orders.put("o1", order("o1", "alice", 1, "PAID", null));
        orders.put("o2", order("o2", "bob", 2, "PAID", null));
        orders.put("o3", order("o3", "carol", 1, "EXPIRED", null));
        orders.put("o4", order("o4", "dave", 1, "REFUNDED", "rf-o4"));
        return orders;
    }

    private record Ledger(PspLedger ledger) {
        Ledger withCharge(String orderId) {
            List<PspLedger.Charge> charges = new java.util.ArrayList<>(ledger.charges());
            charges.add(new PspLedger.Charge("ch-extra-" + orderId, true, orderId, "199.00"));
            return new Ledger(new PspLedger(charges, ledger.payouts()));
        }
    }

    private static Ledger consistentLedger() {
        return new Ledger(new PspLedger(List.of(
                new PspLedger.Charge("ch1", true, "o1", "199.00"),
                new PspLedger.Charge("ch2", true, "o2", "398.00"),
                new PspLedger.Charge("ch3", false, "o3", "199.00"),
                new PspLedger.Charge("ch4", true, "o4", "199.00")),
                List.of(new PspLedger.Payout("rf-o4", "ch4", "199.00"))));
    }

    private static JsonNode sale(long available) {
        return JSON.createObjectNode().put("available", available);
    }

    private static ObjectNode order(String id, String customer, int quantity, String status, String refundId) {
        ObjectNode o = JSON.createObjectNode().put("orderId", id).put("customerId", customer).put("quantity", quantity)
                .put("status", status).put("holdExpiresAt", HOLD_ENDS.toString())
                .put("updatedAt", HOLD_ENDS.plusSeconds(5).toString());
        if (refundId != null) {
            o.put("refundId", refundId);
        }
        return o;
    }

    private static Journeys.Replay replay(String first, String again) {
        return new Journeys.Replay("alice", first, Answer.of(200, JSON.createObjectNode().put("orderId", again)));
    }

    private static InvariantAudit.Evidence evidence(JsonNode sale, Map<String, JsonNode> orders, Ledger ledger,
                                                    List<Journeys.Replay> replays, boolean settled) {
        return new InvariantAudit.Evidence("s", 10, 2, sale, orders, java.util.Set.of("o3"), replays, ledger.ledger(), null, settled,
                Duration.ofSeconds(150));
    }

    private static List<Boolean> verdicts(InvariantAudit.Evidence evidence) {
        return InvariantAudit.audit(evidence).stream().map(InvariantAudit.Check::passed).toList();
    }
}
