package io.flashcheckout.support;

import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the tables with plain scans, independent of the store code under test, and checks DESIGN.md's stock
 * invariants for one sale: conservation (1), no shard below zero (2) and the per-customer limit (3), the last also
 * per card: a card's units in PAYING and PAID orders stay within the limit, and its count item equals them.
 */
public final class TableAudit {
    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;

    public TableAudit(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    public record Snapshot(long stockLoaded, List<Long> shards, Map<String, Long> unitsByStatus,
                           Map<String, Long> liveUnitsByCustomer, Map<String, Long> countedByCustomer,
                           long perCustomerLimit, long orders, Map<String, Long> liveUnitsByCard,
                           Map<String, Long> countedByCard, Map<String, Long> liveUnitsByPhone,
                           Map<String, Long> countedByPhone) {

        public long shardTotal() {
            return shards.stream().mapToLong(Long::longValue).sum();
        }

        public long unitsHeld() {
            return unitsByStatus.getOrDefault("RESERVED", 0L) + unitsByStatus.getOrDefault("PAYING", 0L)
                    + unitsByStatus.getOrDefault("PAID", 0L);
        }

        public long units(String status) {
            return unitsByStatus.getOrDefault(status, 0L);
        }
    }

    public Snapshot snapshot(String saleId) {
        Map<String, AttributeValue> sale = null;
        List<Long> shards = new ArrayList<>();
        for (Map<String, AttributeValue> item : scan(tables.sales())) {
            String pk = item.get("pk").s();
            if (pk.equals("SALE#" + saleId)) {
                sale = item;
            } else if (pk.startsWith("STOCK#" + saleId + "#")) {
                shards.add(Long.parseLong(item.get("available").n()));
            }
        }
        if (sale == null) {
            throw new AssertionError("no sale item for " + saleId);
        }
        Map<String, Long> byStatus = new HashMap<>();
        Map<String, Long> live = new HashMap<>();
        Map<String, Long> counted = new HashMap<>();
        Map<String, Long> liveByCard = new HashMap<>();
        Map<String, Long> countedByCard = new HashMap<>();
        Map<String, Long> liveByPhone = new HashMap<>();
        Map<String, Long> countedByPhone = new HashMap<>();
        long orders = 0;
        for (Map<String, AttributeValue> item : scan(tables.orders())) {
            String pk = item.get("pk").s();
            if (pk.startsWith("ORDER#") && saleId.equals(item.get("saleId").s())) {
                orders++;
                long quantity = Long.parseLong(item.get("quantity").n());
                String status = item.get("status").s();
                byStatus.merge(status, quantity, Long::sum);
                if (status.equals("RESERVED") || status.equals("PAYING") || status.equals("PAID")) {
                    live.merge(item.get("customerId").s(), quantity, Long::sum);
                }
                if ((status.equals("PAYING") || status.equals("PAID")) && item.containsKey("cardFingerprint")) {
                    liveByCard.merge(item.get("cardFingerprint").s(), quantity, Long::sum);
                }
                if ((status.equals("PAYING") || status.equals("PAID")) && item.containsKey("phoneDigest")) {
                    liveByPhone.merge(item.get("phoneDigest").s(), quantity, Long::sum);
                }
            } else if (pk.startsWith("LIMIT#" + saleId + "#")) {
                counted.put(pk.substring(("LIMIT#" + saleId + "#").length()), Long.parseLong(item.get("units").n()));
            } else if (pk.startsWith("CARD#" + saleId + "#")) {
                countedByCard.put(pk.substring(("CARD#" + saleId + "#").length()), Long.parseLong(item.get("units").n()));
            } else if (pk.startsWith("PHONE#" + saleId + "#")) {
                countedByPhone.put(pk.substring(("PHONE#" + saleId + "#").length()), Long.parseLong(item.get("units").n()));
            }
        }
        return new Snapshot(Long.parseLong(sale.get("stockLoaded").n()), shards, byStatus, live, counted,
                Long.parseLong(sale.get("perCustomerLimit").n()), orders, liveByCard, countedByCard, liveByPhone,
                countedByPhone);
    }

    /** Invariants 1-3 for the sale, read from the tables; returns the snapshot for further checks. */
    public Snapshot assertInvariants(String saleId) {
        Snapshot s = snapshot(saleId);
        assertTrue(s.shards().stream().allMatch(units -> units >= 0), "a shard went below zero: " + s.shards());
        assertEquals(s.stockLoaded(), s.shardTotal() + s.unitsHeld(),
                "conservation: shards " + s.shardTotal() + " + held " + s.unitsHeld() + " != loaded " + s.stockLoaded()
                        + " (by status " + s.unitsByStatus() + ")");
        assertTrue(s.units("PAID") <= s.stockLoaded(), "oversold: PAID " + s.units("PAID") + " > " + s.stockLoaded());
        s.liveUnitsByCustomer().forEach((customer, units) ->
                assertTrue(units <= s.perCustomerLimit(), customer + " holds " + units + " > limit " + s.perCustomerLimit()));
        s.countedByCustomer().forEach((customer, units) ->
                assertEquals(s.liveUnitsByCustomer().getOrDefault(customer, 0L), units,
                        "the count item of " + customer + " disagrees with their live orders"));
        assertPayerCounts("card", s.liveUnitsByCard(), s.countedByCard(), s.perCustomerLimit());
        assertPayerCounts("phone", s.liveUnitsByPhone(), s.countedByPhone(), s.perCustomerLimit());
        return s;
    }

    /** Each card's (or phone's) PAYING and PAID units stay within the limit, and its count item equals them. */
    private static void assertPayerCounts(String kind, Map<String, Long> live, Map<String, Long> counted, long limit) {
        live.forEach((payer, units) -> assertTrue(units <= limit, kind + " " + payer + " holds " + units + " > limit " + limit));
        java.util.Set<String> payers = new java.util.HashSet<>(counted.keySet());
        payers.addAll(live.keySet());
        payers.forEach(payer -> assertEquals(live.getOrDefault(payer, 0L), counted.getOrDefault(payer, 0L),
                "the count item of " + kind + " " + payer + " disagrees with its PAYING and PAID orders"));
    }

    /** Every item of the three tables, sorted by key: equal before and after means nothing was written. */
    public List<Map<String, AttributeValue>> everything() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (String table : List.of(tables.sales(), tables.orders(), tables.refunds())) {
            items.addAll(scan(table));
        }
        items.sort(java.util.Comparator.comparing(item -> item.get("pk").s()));
        return items;
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items().forEach(items::add);
        return items;
    }
}
