package io.flashcheckout.store.dynamodb;

import io.flashcheckout.channels.ChannelPools;
import io.flashcheckout.channels.Pool;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Digests;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.store.ShardTake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import static io.flashcheckout.store.dynamodb.Attr.n;
import static io.flashcheckout.store.dynamodb.Attr.string;
import static io.flashcheckout.store.dynamodb.Attr.time;
import static io.flashcheckout.store.dynamodb.SaleItems.AVAILABLE;
import static io.flashcheckout.store.dynamodb.SaleItems.DEFINITION_HASH;
import static io.flashcheckout.store.dynamodb.SaleItems.saleKey;
import static io.flashcheckout.store.dynamodb.SaleItems.shardKey;

public final class DynamoSaleStore implements SaleStore {
    /** A transaction holds at most 100 items; restock needs one of them for the sale item. */
    private static final int MAX_SHARDS_PER_RESTOCK = 99;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Transactions transactions;

    public DynamoSaleStore(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.table = tables.sales();
        this.transactions = new Transactions(dynamo);
    }

    /**
     * Shards first (one transaction, each put only if absent), the sale item last: a sale is visible only once
     * all its stock exists. A crash in between leaves shards that a retry of the same definition adopts.
     */
    @Override
    public Created create(NewSale definition, Instant now) {
        Sale sale = definition.toSale(now);
        Optional<Sale> existing = find(sale.saleId());
        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), sale);
        }
        long[] units = definition.initialShardStock();
        List<TransactWriteItem> puts = new ArrayList<>();
        for (int shard = 0; shard < units.length; shard++) {
            puts.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(table)
                    .item(SaleItems.shardItem(sale.saleId(), shard, units[shard], sale.definitionHash()))
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).build());
        }
        Transactions.Outcome shards = transactions.write(puts);
        for (int i = 0; !shards.committed() && i < units.length; i++) {
            if (shards.conditionFailed(i) && !sale.definitionHash().equals(string(shards.oldItem(i), DEFINITION_HASH))) {
                throw new CheckoutException.Conflict("sale " + sale.saleId() + " exists with another definition");
            }
        }
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(SaleItems.saleItem(sale))
                    .conditionExpression("attribute_not_exists(pk)"));
            return new Created(sale, true);
        } catch (ConditionalCheckFailedException raced) {
            return sameOrConflict(find(sale.saleId()).orElseThrow(), sale);
        }
    }

    private static Created sameOrConflict(Sale existing, Sale wanted) {
        if (existing.definitionHash().equals(wanted.definitionHash())) {
            return new Created(existing, false);
        }
        throw new CheckoutException.Conflict("sale " + wanted.saleId() + " exists with another definition");
    }

    @Override
    public Optional<Sale> find(String saleId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(saleKey(saleId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(SaleItems.sale(item));
    }

    @Override
    public long[] shardStock(Sale sale) {
        return shardStock(sale, true);
    }

    @Override
    public long[] recentShardStock(Sale sale) {
        return shardStock(sale, false);
    }

    private long[] shardStock(Sale sale, boolean consistent) {
        long[] available = new long[sale.shards()];
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int shard = 0; shard < sale.shards(); shard++) {
            keys.add(shardKey(sale.saleId(), shard));
        }
        Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(consistent).build());
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                available[(int) Attr.number(item, "shard")] = Attr.number(item, AVAILABLE);
            }
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return available;
    }

    @Override
    public Sale restock(Sale sale, long quantity, int firstShard, String requestToken) {
        return restock(sale, quantity, 0, sale.shards(), firstShard, requestToken,
                "SET stockLoaded = stockLoaded + :q REMOVE soldOutAt, soldOutStockLoaded", Map.of());
    }

    @Override
    public Sale restockPool(Sale sale, Pool pool, long quantity, int firstShard, String requestToken) {
        int index = sale.pools().indexOf(pool.name());
        return restock(sale, quantity, pool.firstShard(), pool.shards(), firstShard, requestToken,
                "SET stockLoaded = stockLoaded + :q, pools[" + index + "].loaded = pools[" + index + "].loaded + :q, "
                        + "poolsSoldOut = :unmarked REMOVE soldOutAt, soldOutStockLoaded",
                Map.of(":unmarked", AttributeValue.fromM(Map.of())));
    }

    /** Adds units over the shards {@code baseShard} to {@code baseShard + shardCount - 1}, from {@code firstShard} on. */
    private Sale restock(Sale sale, long quantity, int baseShard, int shardCount, int firstShard, String requestToken,
                         String saleUpdate, Map<String, AttributeValue> saleValues) {
        int spread = (int) Math.min(Math.min(shardCount, MAX_SHARDS_PER_RESTOCK), quantity);
        List<TransactWriteItem> updates = new ArrayList<>();
        Map<String, AttributeValue> values = new java.util.HashMap<>(saleValues);
        values.put(":q", n(quantity));
        updates.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(saleKey(sale.saleId()))
                .updateExpression(saleUpdate)
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(values)
                .build()).build());
        for (int i = 0; i < spread; i++) {
            long units = quantity / spread + (i < quantity % spread ? 1 : 0);
            updates.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(table)
                    .key(shardKey(sale.saleId(), baseShard + Math.floorMod(firstShard + i, shardCount)))
                    .updateExpression("SET available = available + :u")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":u", n(units)))
                    .build()).build());
        }
        Transactions.Outcome outcome;
        try {
            outcome = transactions.write(updates, requestToken == null ? null
                    : Digests.sha256Hex("restock\n" + sale.saleId() + "\n" + requestToken).substring(0, 36));
        } catch (IdempotentParameterMismatchException reused) {
            throw new CheckoutException.Conflict("restock token " + requestToken + " was used for another restock");
        }
        if (!outcome.committed()) {
            throw new CheckoutException.NotFound("no sale " + sale.saleId());
        }
        return find(sale.saleId()).orElseThrow();
    }

    @Override
    public Sale reschedule(Sale sale, Instant opensAt, Instant closesAt) {
        // the pools' marks go too: one would answer the second wave "sold out" for its lifetime though units came back
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":opens", time(opensAt), ":closes", time(closesAt)));
        String unmarkPools = "";
        if (sale.pooled()) {
            unmarkPools = ", poolsSoldOut = :unmarked";
            values.put(":unmarked", AttributeValue.fromM(Map.of()));
        }
        String update = "SET opensAt = :opens, closesAt = :closes" + unmarkPools + " REMOVE soldOutAt, soldOutStockLoaded";
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(saleKey(sale.saleId()))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException gone) {
            throw new CheckoutException.NotFound("no sale " + sale.saleId());
        }
        return find(sale.saleId()).orElseThrow();
    }

    @Override
    public void markSoldOut(Sale sale, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(saleKey(sale.saleId()))
                    .updateExpression("SET soldOutAt = :now, soldOutStockLoaded = :loaded")
                    .conditionExpression("stockLoaded = :loaded")
                    .expressionAttributeValues(Map.of(":now", time(now), ":loaded", n(sale.stockLoaded()))));
        } catch (ConditionalCheckFailedException restocked) {
            // stock was loaded after this sale was read: the sale is not sold out any more
        }
    }

    @Override
    public ChannelPools markPoolSoldOut(Sale sale, Pool pool, Instant now) {
        int index = sale.pools().indexOf(pool.name());
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table)
                    .key(saleKey(sale.saleId()))
                    .updateExpression("SET poolsSoldOut.#pool = :now")
                    .conditionExpression("pools[" + index + "].loaded = :loaded")
                    .expressionAttributeNames(Map.of("#pool", pool.name()))
                    .expressionAttributeValues(Map.of(":now", time(now), ":loaded", n(pool.loaded())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return SaleItems.sale(item).pools();
        } catch (ConditionalCheckFailedException loaded) {
            return null;
        }
    }

    @Override
    public void clearPoolMarks(String saleId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(saleKey(saleId))
                    .updateExpression("SET poolsSoldOut = :unmarked")
                    .conditionExpression("attribute_exists(poolsSoldOut)")
                    .expressionAttributeValues(Map.of(":unmarked", AttributeValue.fromM(Map.of()))));
        } catch (ConditionalCheckFailedException noPools) {
            // a sale without pools
        }
    }

    @Override
    public Moved movePool(Sale sale, Pool from, Pool to, List<ShardTake> takes, int toShard, String requestToken) {
        int fromIndex = sale.pools().indexOf(from.name());
        int toIndex = sale.pools().indexOf(to.name());
        long units = takes.stream().mapToLong(ShardTake::units).sum();
        List<TransactWriteItem> updates = new ArrayList<>();
        updates.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(saleKey(sale.saleId()))
                .updateExpression("SET pools[" + fromIndex + "].loaded = pools[" + fromIndex + "].loaded - :u, pools["
                        + toIndex + "].loaded = pools[" + toIndex + "].loaded + :u, poolsSoldOut = :unmarked"
                        + " REMOVE soldOutAt, soldOutStockLoaded")
                .conditionExpression("pools[" + fromIndex + "].#name = :from AND pools[" + toIndex + "].#name = :to")
                .expressionAttributeNames(Map.of("#name", "name"))
                .expressionAttributeValues(Map.of(":u", n(units), ":from", AttributeValue.fromS(from.name()),
                        ":to", AttributeValue.fromS(to.name()), ":unmarked", AttributeValue.fromM(Map.of())))
                .build()).build());
        for (ShardTake take : takes) {
            updates.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(table)
                    .key(shardKey(sale.saleId(), take.shard()))
                    .updateExpression("SET available = available - :u")
                    .conditionExpression("available >= :u")
                    .expressionAttributeValues(Map.of(":u", n(take.units())))
                    .build()).build());
        }
        updates.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(shardKey(sale.saleId(), toShard))
                .updateExpression("SET available = available + :u")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":u", n(units)))
                .build()).build());
        String what = from.name() + ">" + to.name() + ">" + units;
        if (requestToken != null) {
            updates.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(table)
                    .item(Map.of("pk", AttributeValue.fromS(moveKey(sale.saleId(), requestToken)), "move", AttributeValue.fromS(what)))
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).build());
        }
        Transactions.Outcome outcome = transactions.write(updates);
        if (outcome.committed()) {
            return new Moved(find(sale.saleId()).orElseThrow(), false);
        }
        int marker = updates.size() - 1;
        if (requestToken != null && outcome.conditionFailed(marker)) {
            if (!what.equals(string(outcome.oldItem(marker), "move"))) {
                throw new CheckoutException.IdempotencyConflict("this Idempotency-Key was used for another move");
            }
            return new Moved(find(sale.saleId()).orElseThrow(), true);
        }
        return null;
    }

    @Override
    public Moved replayedMove(Sale sale, Pool from, Pool to, long units, String requestToken) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(moveKey(sale.saleId(), requestToken))))).item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        if (!(from.name() + ">" + to.name() + ">" + units).equals(string(item, "move"))) {
            throw new CheckoutException.IdempotencyConflict("this Idempotency-Key was used for another move");
        }
        return new Moved(sale, true);
    }

    private static String moveKey(String saleId, String requestToken) {
        return "MOVE#" + saleId + "#" + Digests.sha256Hex("move\n" + requestToken).substring(0, 32);
    }

    /**
     * One transaction: the mark's removal and a check that the shard holds a unit. A retry of one that committed finds
     * no mark and is cancelled: nothing more is removed.
     */
    @Override
    public boolean clearSoldOut(Sale sale, int shardWithUnits) {
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(table)
                        .key(saleKey(sale.saleId()))
                        .updateExpression("REMOVE soldOutAt, soldOutStockLoaded")
                        .conditionExpression("attribute_exists(soldOutAt)")
                        .build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                        .tableName(table)
                        .key(shardKey(sale.saleId(), shardWithUnits))
                        .conditionExpression("available >= :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))
                        .build()).build());
        return transactions.write(items).committed();
    }

    @Override
    public long shardUnits(Sale sale, int shard) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(shardKey(sale.saleId(), shard)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? 0 : Attr.number(item, AVAILABLE);
    }
}
