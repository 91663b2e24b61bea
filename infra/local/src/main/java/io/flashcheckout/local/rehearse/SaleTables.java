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
                  List<RefundRow> refunds) {

    record OrderRow(String orderId, String customerId, long quantity, String status, String chargeId, String refundId) {}

    record RefundRow(String refundId, String orderId, String chargeId, String amount, String status) {}

    static SaleTables read(DynamoDbClient dynamo, CheckoutTables tables, String saleId) {
        List<Long> shards = new ArrayList<>();
        for (Map<String, AttributeValue> item : scan(dynamo, tables.sales())) {
            if (text(item, "pk").startsWith("STOCK#" + saleId + "#")) {
                shards.add(Long.parseLong(item.get("available").n()));
            }
        }
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
        return new SaleTables(shards, orders, counted, refunds);
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
