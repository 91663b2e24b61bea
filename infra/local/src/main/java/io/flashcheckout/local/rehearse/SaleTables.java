package io.flashcheckout.local.rehearse;

import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * One sale as its tables hold it, read with plain consistent scans, independent of the checkout's store code:
 * the stock shards, the orders, the per-customer count items and the refund records.
 */
record SaleTables(List<Long> shards, Map<String, OrderRow> orders, Map<String, Long> countedByCustomer,
                  List<RefundRow> refunds, List<PoolRow> pools) {

    SaleTables(List<Long> shards, Map<String, OrderRow> orders, Map<String, Long> countedByCustomer, List<RefundRow> refunds) {
        this(shards, orders, countedByCustomer, refunds, List.of());
    }

    /**
     * One channel pool of a sale with channels: its loaded stock (the sale item's), the units on its shards and the
     * units held by live orders on its shards (an order's shard says its pool). Empty for a sale without pools.
     */
    record PoolRow(String name, long loaded, long shards, long held) {}

    record OrderRow(String orderId, String customerId, long quantity, String status, String chargeId, String refundId) {}

    record RefundRow(String refundId, String orderId, String chargeId, String amount, String status) {}

    static SaleTables read(DynamoDbClient dynamo, CheckoutTables tables, String saleId) {
        List<Long> shards = new ArrayList<>();
        Map<Integer, Long> shardByIndex = new HashMap<>();
        Map<String, AttributeValue> sale = Map.of();
        for (Map<String, AttributeValue> item : scan(dynamo, tables.sales())) {
            if (text(item, "pk").startsWith("STOCK#" + saleId + "#")) {
                shards.add(Long.parseLong(item.get("available").n()));
                shardByIndex.put(Integer.parseInt(item.get("shard").n()), Long.parseLong(item.get("available").n()));
            } else if (text(item, "pk").equals("SALE#" + saleId)) {
                sale = item;
            }
        }
        Map<Integer, Long> heldByShard = new HashMap<>();
        Map<String, OrderRow> orders = new HashMap<>();
        Map<String, Long> counted = new HashMap<>();
        String limitPrefix = "LIMIT#" + saleId + "#";
        for (Map<String, AttributeValue> item : scan(dynamo, tables.orders())) {
            String pk = text(item, "pk");
            if (pk.startsWith("ORDER#") && saleId.equals(text(item, "saleId"))) {
                OrderRow row = new OrderRow(text(item, "orderId"), text(item, "customerId"),
                        Long.parseLong(item.get("quantity").n()), text(item, "status"), text(item, "chargeId"),
                        text(item, "refundId"));
                orders.put(row.orderId(), row);
                if (java.util.Set.of("RESERVED", "PAYING", "PAID").contains(row.status()) && item.containsKey("shard")) {
                    heldByShard.merge(Integer.parseInt(item.get("shard").n()), row.quantity(), Long::sum);
                }
            } else if (pk.startsWith(limitPrefix)) {
                counted.put(pk.substring(limitPrefix.length()), Long.parseLong(item.get("units").n()));
            }
        }
        List<RefundRow> refunds = new ArrayList<>();
        for (Map<String, AttributeValue> item : scan(dynamo, tables.refunds())) {
            if (orders.containsKey(text(item, "orderId"))) {
                refunds.add(new RefundRow(text(item, "refundId"), text(item, "orderId"), text(item, "chargeId"),
                        text(item, "amount"), text(item, "status")));
            }
        }
        List<PoolRow> pools = new ArrayList<>();
        if (sale.containsKey("pools")) {
            for (AttributeValue value : sale.get("pools").l()) {
                Map<String, AttributeValue> pool = value.m();
                int first = Integer.parseInt(pool.get("firstShard").n());
                int count = Integer.parseInt(pool.get("shards").n());
                long onShards = 0;
                long held = 0;
                for (int shard = first; shard < first + count; shard++) {
                    onShards += shardByIndex.getOrDefault(shard, 0L);
                    held += heldByShard.getOrDefault(shard, 0L);
                }
                pools.add(new PoolRow(text(pool, "name"), Long.parseLong(pool.get("loaded").n()), onShards, held));
            }
        }
        return new SaleTables(shards, orders, counted, refunds, List.copyOf(pools));
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamo, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build()).items().forEach(items::add);
        return items;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
