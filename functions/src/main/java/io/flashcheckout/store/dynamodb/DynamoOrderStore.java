package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.DueLateChargeCheck;
import io.flashcheckout.store.DueOrder;
import io.flashcheckout.store.DueRefund;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.store.ReserveOutcome;
import io.flashcheckout.store.ShardTake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import static io.flashcheckout.store.dynamodb.Attr.n;
import static io.flashcheckout.store.dynamodb.Attr.s;
import static io.flashcheckout.store.dynamodb.Attr.time;
import static io.flashcheckout.store.dynamodb.OrderItems.cardKey;
import static io.flashcheckout.store.dynamodb.OrderItems.limitKey;
import static io.flashcheckout.store.dynamodb.OrderItems.orderKey;
import static io.flashcheckout.store.dynamodb.OrderItems.phoneKey;
import static io.flashcheckout.store.dynamodb.SaleItems.shardKey;

/**
 * Every order write is conditional on the status and version the caller read; every write that takes or returns
 * stock changes the order, its shard (a reserve that no single shard can serve: several) and the customer's count
 * in one TransactWriteItems. An order counts on its card's item while it is PAYING or PAID
 * ({@link Order#countedCard()}), and on its payer's verified phone's item ({@link Order#countedPhone()}): the move to
 * PAYING adds to those items under the sale's limit, and every move out of those states returns the units in the same
 * transaction as the rest of the move.
 */
public final class DynamoOrderStore implements OrderStore {
    private static final String SAME_STATE = "#status = :from AND version = :version";

    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;
    private final Transactions transactions;
    private final Transactions reserves;

    public DynamoOrderStore(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.transactions = new Transactions(dynamo);
        this.reserves = new Transactions(dynamo, Transactions.RESERVE_RETRIES, true);
    }

    @Override
    public ReserveOutcome reserve(Sale sale, Order order, List<ShardTake> takes) {
        checkTakes(sale, order, takes);
        long quantity = order.quantity();
        List<TransactWriteItem> items = new ArrayList<>();
        for (ShardTake take : takes) {
            items.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(tables.sales())
                    .key(shardKey(sale.saleId(), take.shard()))
                    .updateExpression("SET available = available - :q")
                    .conditionExpression("available >= :q")
                    .expressionAttributeValues(Map.of(":q", n(take.units())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).build());
        }
        int limit = items.size();
        items.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.orders())
                .key(limitKey(sale.saleId(), order.customerId()))
                .updateExpression("ADD units :q")
                .conditionExpression("attribute_not_exists(units) OR units <= :most")
                .expressionAttributeValues(Map.of(":q", n(quantity), ":most", n(sale.perCustomerLimit() - quantity)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        int orderItem = items.size();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(tables.orders())
                .item(OrderItems.orderItem(order))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        Transactions.Outcome outcome = reserves.write(items);
        if (outcome.committed()) {
            return new ReserveOutcome.Reserved(order);
        }
        if (outcome.conditionFailed(orderItem)) {
            return new ReserveOutcome.Duplicate(OrderItems.order(outcome.oldItem(orderItem)));
        }
        if (outcome.conditionFailed(limit)) {
            return new ReserveOutcome.OverLimit(Attr.number(outcome.oldItem(limit), OrderItems.UNITS));
        }
        Map<Integer, Long> shortShards = new LinkedHashMap<>();
        for (int i = 0; i < takes.size(); i++) {
            if (outcome.conditionFailed(i)) {
                shortShards.put(takes.get(i).shard(), Attr.number(outcome.oldItem(i), SaleItems.AVAILABLE));
            }
        }
        return shortShards.isEmpty() && outcome.throttled() ? new ReserveOutcome.Throttled()
                : new ReserveOutcome.ShardsShort(shortShards);
    }

    private static void checkTakes(Sale sale, Order order, List<ShardTake> takes) {
        boolean fits = !takes.isEmpty() && takes.size() <= MAX_SHARDS_PER_RESERVE
                && takes.stream().mapToLong(ShardTake::units).sum() == order.quantity()
                && takes.stream().map(ShardTake::shard).distinct().count() == takes.size()
                && takes.stream().allMatch(take -> take.shard() < sale.shards())
                && takes.stream().anyMatch(take -> take.shard() == order.shard());
        if (!fits) {
            throw new IllegalArgumentException("order " + order.orderId() + " of " + order.quantity()
                    + " unit(s) cannot be taken as " + takes + " from " + sale.shards() + " shards");
        }
    }

    @Override
    public Optional<Order> find(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.orders()).key(orderKey(orderId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(OrderItems.order(item));
    }

    @Override
    public boolean transition(Order current, Order next, Instant holdMustLastPast) {
        Map<String, AttributeValue> values = sameState(current);
        String condition = SAME_STATE;
        if (holdMustLastPast != null) {
            condition += " AND holdExpiresAt > :now";
            values.put(":now", time(holdMustLastPast));
        }
        List<CountChange> returns = new ArrayList<>();
        for (PayerCount count : PayerCount.values()) {
            String before = count.of(current);
            String after = count.of(next);
            if (after != null && !after.equals(before)) {
                throw new IllegalArgumentException("order " + next.orderId() + " starts counting on a " + count
                        + ": that is startPayment");
            }
            if (before != null && after == null) {
                returns.add(new CountChange(count, countReturn(count, current)));
            }
        }
        if (returns.isEmpty()) {
            return conditionalPut(next, condition, values);
        }
        CountedPut put = conditionalPut(next, condition, values, returns);
        if (put.refusedBy() != null) {
            throw new IllegalStateException("order " + current.orderId() + " is " + current.status() + " but its "
                    + put.refusedBy() + " count is missing or short");
        }
        return put.written();
    }

    @Override
    public boolean startPayment(Order reserved, Order paying, Instant holdMustLastPast, int maxAttempts, int limit) {
        Map<String, AttributeValue> values = sameState(reserved);
        values.put(":now", time(holdMustLastPast));
        values.put(":most", n(maxAttempts));
        String condition = SAME_STATE + " AND holdExpiresAt > :now AND paymentAttempt < :most";
        List<CountChange> takes = new ArrayList<>();
        for (PayerCount count : PayerCount.values()) {
            if (count.of(paying) != null) {
                if (paying.quantity() > limit) {
                    throw count.limitReached(paying, limit);
                }
                takes.add(new CountChange(count, TransactWriteItem.builder().update(Update.builder()
                        .tableName(tables.orders())
                        .key(count.key(paying))
                        .updateExpression("ADD units :q")
                        .conditionExpression("attribute_not_exists(units) OR units <= :most")
                        .expressionAttributeValues(Map.of(":q", n(paying.quantity()), ":most", n(limit - paying.quantity())))
                        .build()).build()));
            }
        }
        if (takes.isEmpty()) {
            return conditionalPut(paying, condition, values);
        }
        CountedPut put = conditionalPut(paying, condition, values, takes);
        if (put.refusedBy() != null) {
            throw put.refusedBy().limitReached(paying, limit);
        }
        return put.written();
    }

    /**
     * The per-sale counts beyond the customer's that a PAYING or PAID order's units are on: its card's and its payer's
     * verified phone's ({@link Order#countedCard()}, {@link Order#countedPhone()}).
     */
    private enum PayerCount {
        CARD, PHONE;

        String of(Order order) {
            return this == CARD ? order.countedCard() : order.countedPhone();
        }

        Map<String, AttributeValue> key(Order order) {
            return this == CARD ? cardKey(order.saleId(), of(order)) : phoneKey(order.saleId(), of(order));
        }

        CheckoutException limitReached(Order paying, int limit) {
            return this == CARD
                    ? new CheckoutException.CardLimitReached("this card cannot take " + paying.quantity()
                            + " more unit(s) within the sale's limit of " + limit + " (its other orders count, in any"
                            + " account); order " + paying.orderId() + " may be paid with another card")
                    : new CheckoutException.PhoneLimitReached("your verified phone number cannot take " + paying.quantity()
                            + " more unit(s) within the sale's limit of " + limit + " (its other orders count, in any account)");
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record CountChange(PayerCount count, TransactWriteItem item) {}

    /** Written (or found its own earlier write), moved on, or refused by one count's condition. */
    private record CountedPut(boolean written, PayerCount refusedBy) {}

    /** Returns an order's units to one of its counts in the sale. */
    private TransactWriteItem countReturn(PayerCount count, Order counted) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.orders())
                .key(count.key(counted))
                .updateExpression("SET units = units - :q")
                .conditionExpression("units >= :q")
                .expressionAttributeValues(Map.of(":q", n(counted.quantity())))
                .build()).build();
    }

    /**
     * As {@link #conditionalPut(Order, String, Map)}, with {@code changes} to the order's counts in the same
     * transaction. A retried transaction that had committed fails the order's condition and finds its own
     * {@code lastWriteId}.
     */
    private CountedPut conditionalPut(Order next, String condition, Map<String, AttributeValue> values, List<CountChange> changes) {
        Map<String, AttributeValue> item = OrderItems.orderItem(next);
        AttributeValue writeId = s(UUID.randomUUID().toString());
        item.put(OrderItems.LAST_WRITE_ID, writeId);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(tables.orders())
                .item(item)
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#status", OrderItems.STATUS))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        changes.forEach(change -> items.add(change.item()));
        Transactions.Outcome outcome = transactions.write(items);
        if (outcome.committed()) {
            return new CountedPut(true, null);
        }
        if (outcome.conditionFailed(0)) {
            return new CountedPut(writeId.equals(outcome.oldItem(0).get(OrderItems.LAST_WRITE_ID)), null);
        }
        for (int i = 0; i < changes.size(); i++) {
            if (outcome.conditionFailed(i + 1)) {
                return new CountedPut(false, changes.get(i).count());
            }
        }
        throw new IllegalStateException("transaction for order " + next.orderId() + " cancelled: " + outcome.reasons());
    }

    /**
     * Puts {@code next} under {@code condition}. The SDK retries a put whose answer was lost; if the first try had
     * committed, the retry fails its own condition. Each put carries a fresh {@code lastWriteId}, so a failed
     * condition that finds this put's id stored is this write having committed, not a concurrent writer (which may
     * well have written an identical order: same read, same millisecond).
     */
    private boolean conditionalPut(Order next, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> item = OrderItems.orderItem(next);
        AttributeValue writeId = s(UUID.randomUUID().toString());
        item.put(OrderItems.LAST_WRITE_ID, writeId);
        try {
            dynamo.putItem(b -> b.tableName(tables.orders())
                    .item(item)
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#status", OrderItems.STATUS))
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException movedOn) {
            return movedOn.hasItem() && writeId.equals(movedOn.item().get(OrderItems.LAST_WRITE_ID));
        }
    }

    @Override
    public boolean release(Order current, Order next, Refund refund, Instant holdEndedBy) {
        Map<String, AttributeValue> values = sameState(current);
        String condition = SAME_STATE;
        if (holdEndedBy != null) {
            condition += " AND holdExpiresAt <= :now";
            values.put(":now", time(holdEndedBy));
        }
        long quantity = current.quantity();
        List<TransactWriteItem> items = new ArrayList<>(List.of(
                TransactWriteItem.builder().put(Put.builder()
                        .tableName(tables.orders())
                        .item(OrderItems.orderItem(next))
                        .conditionExpression(condition)
                        .expressionAttributeNames(Map.of("#status", OrderItems.STATUS))
                        .expressionAttributeValues(values)
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(tables.sales())
                        .key(shardKey(current.saleId(), current.shard()))
                        .updateExpression("SET available = available + :q")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":q", n(quantity)))
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(tables.orders())
                        .key(limitKey(current.saleId(), current.customerId()))
                        .updateExpression("SET units = units - :q")
                        .conditionExpression("units >= :q")
                        .expressionAttributeValues(Map.of(":q", n(quantity)))
                        .build()).build()));
        for (PayerCount count : PayerCount.values()) {
            if (count.of(current) != null) {
                items.add(countReturn(count, current));
            }
        }
        if (refund != null) {
            items.add(refundPut(refund));
        }
        Transactions.Outcome outcome = transactions.write(items);
        if (!outcome.committed() && !outcome.conditionFailed(0)) {
            throw new IllegalStateException("order " + current.orderId() + " is " + current.status()
                    + " but its shard, customer count, card or phone count is missing: " + outcome.reasons());
        }
        return outcome.committed();
    }

    @Override
    public boolean recordRefund(Refund refund) {
        Transactions.Outcome outcome = transactions.write(List.of(refundPut(refund)));
        return outcome.committed();
    }

    @Override
    public Optional<Refund> findRefund(String refundId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.refunds())
                .key(OrderItems.refundKey(refundId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(OrderItems.refund(item));
    }

    @Override
    public boolean settleRefund(Refund pending, Refund refunded, Order order, Order refundedOrder) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(tables.refunds())
                .item(OrderItems.refundItem(refunded))
                .conditionExpression("#status = :pending")
                .expressionAttributeNames(Map.of("#status", OrderItems.STATUS))
                .expressionAttributeValues(Map.of(":pending", s(Refund.Status.PENDING.name())))
                .build()).build());
        if (order != null) {
            Map<String, AttributeValue> values = sameState(order);
            values.put(":refund", s(pending.refundId()));
            items.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(tables.orders())
                    .item(OrderItems.orderItem(refundedOrder))
                    .conditionExpression(SAME_STATE + " AND refundId = :refund")
                    .expressionAttributeNames(Map.of("#status", OrderItems.STATUS))
                    .expressionAttributeValues(values)
                    .build()).build());
        }
        return transactions.write(items).committed();
    }

    @Override
    public List<DueOrder> dueOrders(OrderStatus status, Instant dueBy, int limit) {
        List<DueOrder> due = new ArrayList<>();
        for (Map<String, AttributeValue> item : dueItems(tables.orders(), status.name(), dueBy, limit)) {
            String pk = Attr.string(item, OrderItems.PK);
            due.add(new DueOrder(pk.substring("ORDER#".length()), status, Attr.instant(item, OrderItems.DUE_AT),
                    (int) Attr.number(item, OrderItems.PAYMENT_ATTEMPT)));
        }
        return due;
    }

    @Override
    public List<DueRefund> pendingRefunds(Instant recordedBy, int limit) {
        return dueItems(tables.refunds(), Refund.Status.PENDING.name(), recordedBy, limit).stream()
                .map(item -> new DueRefund(Attr.string(item, OrderItems.PK).substring("REFUND#".length()),
                        Attr.instant(item, OrderItems.DUE_AT)))
                .toList();
    }

    @Override
    public void postpone(DueOrder due, Instant nextLook) {
        postpone(tables.orders(), orderKey(due.orderId()), due.dueAt(), nextLook);
    }

    @Override
    public void postpone(DueRefund due, Instant nextLook) {
        postpone(tables.refunds(), OrderItems.refundKey(due.refundId()), due.dueAt(), nextLook);
    }

    @Override
    public void scheduleLateChargeCheck(String orderId, int paymentAttempt, Instant dueAt) {
        dynamo.putItem(b -> b.tableName(tables.orders()).item(OrderItems.lateChargeCheckItem(orderId, paymentAttempt, dueAt)));
    }

    @Override
    public Optional<Instant> lateChargeCheckDue(String orderId, int paymentAttempt) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.orders())
                .key(OrderItems.lateChargeCheckKey(orderId, paymentAttempt)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Attr.instant(item, OrderItems.SECOND_LOOK_AT));
    }

    @Override
    public void lateChargeChecked(String orderId, int paymentAttempt) {
        dynamo.deleteItem(b -> b.tableName(tables.orders()).key(OrderItems.lateChargeCheckKey(orderId, paymentAttempt)));
    }

    @Override
    public List<DueLateChargeCheck> dueLateChargeChecks(Instant dueBy, int limit) {
        List<DueLateChargeCheck> due = new ArrayList<>();
        for (Map<String, AttributeValue> item : dueItems(tables.orders(), OrderItems.LATE_CHECK, dueBy, limit)) {
            String[] key = Attr.string(item, OrderItems.PK).split("#");
            due.add(new DueLateChargeCheck(key[1], Integer.parseInt(key[2]), Attr.instant(item, OrderItems.DUE_AT)));
        }
        return due;
    }

    @Override
    public void postpone(DueLateChargeCheck due, Instant nextLook) {
        postpone(tables.orders(), OrderItems.lateChargeCheckKey(due.orderId(), due.paymentAttempt()), due.dueAt(), nextLook);
    }

    @Override
    public void parkRefund(String refundId) {
        try {
            dynamo.updateItem(b -> b.tableName(tables.refunds()).key(OrderItems.refundKey(refundId))
                    .updateExpression("REMOVE dueShard, dueAt")
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", OrderItems.STATUS))
                    .expressionAttributeValues(Map.of(":pending", s(Refund.Status.PENDING.name()))));
        } catch (ConditionalCheckFailedException settled) {
            // paid out meanwhile: nothing to park
        }
    }

    private void postpone(String table, Map<String, AttributeValue> key, Instant seen, Instant nextLook) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET dueAt = :next")
                    .conditionExpression("dueAt = :seen")
                    .expressionAttributeValues(Map.of(":next", time(nextLook), ":seen", time(seen))));
        } catch (ConditionalCheckFailedException movedOn) {
            // settled, or changed since the sweeper read it: nothing to postpone
        }
    }

    /** Reads the {@link CheckoutTables#DUE_SHARDS} partitions of a {@code byDue} index in turn, each oldest first, until {@code limit} items. */
    private List<Map<String, AttributeValue>> dueItems(String table, String status, Instant dueBy, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int spread = 0; spread < CheckoutTables.DUE_SHARDS && items.size() < limit; spread++) {
            String partition = OrderItems.dueShard(status, spread);
            QueryRequest query = QueryRequest.builder()
                    .tableName(table)
                    .indexName(OrderItems.BY_DUE)
                    .keyConditionExpression("dueShard = :shard AND dueAt <= :by")
                    .expressionAttributeValues(Map.of(":shard", s(partition), ":by", time(dueBy)))
                    .limit(limit - items.size())
                    .build();
            for (QueryResponse page : dynamo.queryPaginator(query)) {
                items.addAll(page.items());
                if (items.size() >= limit) {
                    break;
                }
            }
        }
        return items.size() > limit ? items.subList(0, limit) : items;
    }

    @Override
    public List<Refund> refundsChangedBetween(Instant from, Instant to) {
        ScanRequest scan = ScanRequest.builder()
                .tableName(tables.refunds())
                .filterExpression("updatedAt >= :from AND updatedAt < :to")
                .expressionAttributeValues(Map.of(":from", time(from), ":to", time(to)))
                .consistentRead(true)
                .build();
        List<Refund> refunds = new ArrayList<>();
        for (ScanResponse page : dynamo.scanPaginator(scan)) {
            page.items().forEach(item -> refunds.add(OrderItems.refund(item)));
        }
        refunds.sort(java.util.Comparator.comparing(Refund::updatedAt).thenComparing(Refund::refundId));
        return refunds;
    }

    @Override
    public long unitsHeld(String saleId, String customerId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.orders())
                .key(limitKey(saleId, customerId)).consistentRead(true)).item();
        return item == null ? 0 : Attr.number(item, OrderItems.UNITS);
    }

    @Override
    public long cardUnits(String saleId, String fingerprint) {
        return units(cardKey(saleId, fingerprint));
    }

    @Override
    public long phoneUnits(String saleId, String phoneDigest) {
        return units(phoneKey(saleId, phoneDigest));
    }

    private long units(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.orders()).key(key).consistentRead(true)).item();
        return item == null ? 0 : Attr.number(item, OrderItems.UNITS);
    }

    private TransactWriteItem refundPut(Refund refund) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(tables.refunds())
                .item(OrderItems.refundItem(refund))
                .conditionExpression("attribute_not_exists(pk)")
                .build()).build();
    }

    private static Map<String, AttributeValue> sameState(Order current) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", s(current.status().name()));
        values.put(":version", n(current.version()));
        return values;
    }
}
