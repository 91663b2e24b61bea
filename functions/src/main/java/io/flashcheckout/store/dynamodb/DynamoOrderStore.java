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
import static io.flashcheckout.store.dynamodb.SaleItems.shardKey;

/**
 * Every order write is conditional on the status and version the caller read; every write that takes or returns
 * stock changes the order, its shard (a reserve that no single shard can serve: several) and the customer's count
 * in one TransactWriteItems. An order counts on its card's item while it is PAYING or PAID
 * ({@link Order#countedCard()}): the move to PAYING adds to that item under the sale's limit, and every move out of
 * those states returns the units in the same transaction as the rest of the move.
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
        this.reserves = new Transactions(dynamo, Transactions.RESERVE_RETRIES);
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
        return new ReserveOutcome.ShardsShort(shortShards);
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
        if (next.countedCard() != null && !next.countedCard().equals(current.countedCard())) {
            throw new IllegalArgumentException("order " + next.orderId() + " starts counting on a card: that is startPayment");
        }
        if (current.countedCard() == null || next.countedCard() != null) {
            return conditionalPut(next, condition, values);
        }
        return switch (conditionalPut(next, condition, values, cardReturn(current))) {
            case WRITTEN -> true;
            case MOVED_ON -> false;
            case CARD_REFUSED -> throw new IllegalStateException("order " + current.orderId() + " is "
                    + current.status() + " but its card's count is missing or short");
        };
    }

    @Override
    public boolean startPayment(Order reserved, Order paying, Instant holdMustLastPast, int maxAttempts, int cardLimit) {
        Map<String, AttributeValue> values = sameState(reserved);
        values.put(":now", time(holdMustLastPast));
        values.put(":most", n(maxAttempts));
        String condition = SAME_STATE + " AND holdExpiresAt > :now AND paymentAttempt < :most";
        if (paying.countedCard() == null) {
            return conditionalPut(paying, condition, values);
        }
        if (paying.quantity() > cardLimit) {
            throw cardLimitReached(paying, cardLimit);
        }
        TransactWriteItem cardTake = TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.orders())
                .key(cardKey(paying.saleId(), paying.countedCard()))
                .updateExpression("ADD units :q")
                .conditionExpression("attribute_not_exists(units) OR units <= :most")
                .expressionAttributeValues(Map.of(":q", n(paying.quantity()), ":most", n(cardLimit - paying.quantity())))
                .build()).build();
        return switch (conditionalPut(paying, condition, values, cardTake)) {
            case WRITTEN -> true;
            case MOVED_ON -> false;
            case CARD_REFUSED -> throw cardLimitReached(paying, cardLimit);
        };
    }

    private static CheckoutException.CardLimitReached cardLimitReached(Order paying, int cardLimit) {
        return new CheckoutException.CardLimitReached("this card already holds the sale's limit of " + cardLimit
                + " unit(s) in other orders; order " + paying.orderId() + " may be paid with another card");
    }

    /** Returns an order's units to its card's count in the sale. */
    private TransactWriteItem cardReturn(Order counted) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.orders())
                .key(cardKey(counted.saleId(), counted.countedCard()))
                .updateExpression("SET units = units - :q")
                .conditionExpression("units >= :q")
                .expressionAttributeValues(Map.of(":q", n(counted.quantity())))
                .build()).build();
    }

    private enum CardWrite { WRITTEN, MOVED_ON, CARD_REFUSED }

    /**
     * As {@link #conditionalPut(Order, String, Map)}, with {@code cardChange} in the same transaction. A retried
     * transaction that had committed fails the order's condition and finds its own {@code lastWriteId}.
     */
    private CardWrite conditionalPut(Order next, String condition, Map<String, AttributeValue> values, TransactWriteItem cardChange) {
        Map<String, AttributeValue> item = OrderItems.orderItem(next);
        AttributeValue writeId = s(UUID.randomUUID().toString());
        item.put(OrderItems.LAST_WRITE_ID, writeId);
        Transactions.Outcome outcome = transactions.write(List.of(
                TransactWriteItem.builder().put(Put.builder()
                        .tableName(tables.orders())
                        .item(item)
                        .conditionExpression(condition)
                        .expressionAttributeNames(Map.of("#status", OrderItems.STATUS))
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build(),
                cardChange));
        if (outcome.committed()) {
            return CardWrite.WRITTEN;
        }
        if (outcome.conditionFailed(0)) {
            return writeId.equals(outcome.oldItem(0).get(OrderItems.LAST_WRITE_ID)) ? CardWrite.WRITTEN : CardWrite.MOVED_ON;
        }
        return CardWrite.CARD_REFUSED;
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
        if (current.countedCard() != null) {
            items.add(cardReturn(current));
        }
        if (refund != null) {
            items.add(refundPut(refund));
        }
        Transactions.Outcome outcome = transactions.write(items);
        if (!outcome.committed() && !outcome.conditionFailed(0)) {
            throw new IllegalStateException("order " + current.orderId() + " is " + current.status()
                    + " but its shard, customer count or card count is missing: " + outcome.reasons());
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
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.orders())
                .key(cardKey(saleId, fingerprint)).consistentRead(true)).item();
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
