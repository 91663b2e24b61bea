package io.flashcheckout.store.dynamodb;

import io.flashcheckout.admission.Admission;
import io.flashcheckout.admission.HeldUnits;
import io.flashcheckout.admission.RoomState;
import io.flashcheckout.channels.ChannelPools;
import io.flashcheckout.channels.Pool;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.Sale;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static io.flashcheckout.store.dynamodb.Attr.instant;
import static io.flashcheckout.store.dynamodb.Attr.n;
import static io.flashcheckout.store.dynamodb.Attr.number;
import static io.flashcheckout.store.dynamodb.Attr.s;
import static io.flashcheckout.store.dynamodb.Attr.string;
import static io.flashcheckout.store.dynamodb.Attr.time;

/**
 * Key layout of the sales table. The sale item is {@code SALE#<saleId>}; each stock shard is its own item
 * {@code STOCK#<saleId>#<n>} with a partition key of its own, so shards spread over DynamoDB partitions. A sale with a
 * waiting room keeps its configuration in the map {@code admission} and the advancer's state in the map {@code room}.
 * A sale with channels keeps its pools in the list {@code pools} (in shard order; a pool's {@code loaded} changes with
 * restocks and moves) and their sold-out marks in the map {@code poolsSoldOut} (pool name to time).
 */
final class SaleItems {
    static final String PK = "pk";
    static final String AVAILABLE = "available";
    static final String STOCK_LOADED = "stockLoaded";
    static final String SOLD_OUT_AT = "soldOutAt";
    static final String SOLD_OUT_STOCK_LOADED = "soldOutStockLoaded";
    static final String DEFINITION_HASH = "definitionHash";
    static final String ADMISSION = "admission";
    static final String ROOM = "room";
    static final String POOLS = "pools";
    static final String POOLS_SOLD_OUT = "poolsSoldOut";

    private SaleItems() {}

    static Map<String, AttributeValue> saleKey(String saleId) {
        return Map.of(PK, s("SALE#" + saleId));
    }

    static Map<String, AttributeValue> shardKey(String saleId, int shard) {
        return Map.of(PK, s("STOCK#" + saleId + "#" + shard));
    }

    static Map<String, AttributeValue> saleItem(Sale sale) {
        Map<String, AttributeValue> item = new HashMap<>(saleKey(sale.saleId()));
        item.put("saleId", s(sale.saleId()));
        item.put("sku", s(sale.sku()));
        item.put("title", s(sale.title()));
        item.put("price", s(sale.price().amountString()));
        item.put("currency", s(sale.price().currency()));
        item.put("stock", n(sale.stock()));
        item.put(STOCK_LOADED, n(sale.stockLoaded()));
        item.put("perCustomerLimit", n(sale.perCustomerLimit()));
        item.put("opensAt", time(sale.opensAt()));
        item.put("closesAt", time(sale.closesAt()));
        item.put("holdSeconds", n(sale.holdSeconds()));
        item.put("shards", n(sale.shards()));
        item.put("createdAt", time(sale.createdAt()));
        item.put(DEFINITION_HASH, s(sale.definitionHash()));
        if (sale.admission() != null) {
            Admission a = sale.admission();
            item.put(ADMISSION, AttributeValue.fromM(Map.of("mode", s(a.mode()), "ratePerSecond", n(a.ratePerSecond()),
                    "preQueueSeconds", n(a.preQueueSeconds()), "admissionSeconds", n(a.admissionSeconds()))));
        }
        if (sale.pools() != null) {
            item.put(POOLS, AttributeValue.fromL(sale.pools().pools().stream().map(p -> AttributeValue.fromM(Map.of(
                    "name", s(p.name()), "loaded", n(p.loaded()), "firstShard", n(p.firstShard()), "shards", n(p.shards()),
                    "clients", AttributeValue.fromL(p.clients().stream().map(Attr::s).toList())))).toList()));
            item.put(POOLS_SOLD_OUT, AttributeValue.fromM(Map.of()));
        }
        return item;
    }

    private static ChannelPools pools(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(POOLS);
        if (v == null || !v.hasL()) {
            return null;
        }
        List<Pool> pools = v.l().stream().map(AttributeValue::m).map(m -> new Pool(string(m, "name"), number(m, "loaded"),
                (int) number(m, "firstShard"), (int) number(m, "shards"),
                m.get("clients").l().stream().map(AttributeValue::s).toList())).toList();
        Map<String, java.time.Instant> marks = new HashMap<>();
        AttributeValue soldOut = item.get(POOLS_SOLD_OUT);
        if (soldOut != null && soldOut.hasM()) {
            soldOut.m().forEach((name, at) -> marks.put(name, java.time.Instant.ofEpochMilli(Long.parseLong(at.n()))));
        }
        return new ChannelPools(pools, marks);
    }

    static AttributeValue roomValue(RoomState room) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("servingRank", n(room.servingRank()));
        m.put("rankPerSecond", AttributeValue.fromN(Double.toString(room.rankPerSecond())));
        m.put("pace", AttributeValue.fromN(Double.toString(room.pace())));
        m.put("available", n(room.available()));
        m.put("tickAt", time(room.tickAt()));
        if (room.emptySince() != null) {
            m.put("emptySince", time(room.emptySince()));
        }
        if (room.held() != null) {
            m.put("holdsEnding", AttributeValue.fromL(room.held().ending().stream()
                    .map(e -> AttributeValue.fromM(Map.of("by", time(e.by()), "units", n(e.units())))).toList()));
            m.put("payingUnits", n(room.held().paying()));
        }
        if (room.soldOutAt() != null) {
            m.put("soldOutAt", time(room.soldOutAt()));
        }
        return AttributeValue.fromM(m);
    }

    private static Admission admission(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(ADMISSION);
        if (v == null || !v.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = v.m();
        return new Admission(string(m, "mode"), (int) number(m, "ratePerSecond"), (int) number(m, "preQueueSeconds"),
                (int) number(m, "admissionSeconds"));
    }

    private static RoomState room(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(ROOM);
        if (v == null || !v.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = v.m();
        return new RoomState(number(m, "servingRank"), Double.parseDouble(m.get("rankPerSecond").n()),
                Double.parseDouble(m.get("pace").n()), number(m, "available"), instant(m, "emptySince"), instant(m, "tickAt"),
                held(m), instant(m, "soldOutAt"));
    }

    private static HeldUnits held(Map<String, AttributeValue> room) {
        AttributeValue ending = room.get("holdsEnding");
        if (ending == null || !ending.hasL()) {
            return null;
        }
        return new HeldUnits(ending.l().stream()
                .map(e -> new HeldUnits.Ending(instant(e.m(), "by"), number(e.m(), "units"))).toList(),
                number(room, "payingUnits"));
    }

    static Map<String, AttributeValue> shardItem(String saleId, int shard, long available, String definitionHash) {
        Map<String, AttributeValue> item = new HashMap<>(shardKey(saleId, shard));
        item.put("saleId", s(saleId));
        item.put("shard", n(shard));
        item.put(AVAILABLE, n(available));
        item.put(DEFINITION_HASH, s(definitionHash));
        return item;
    }

    static Sale sale(Map<String, AttributeValue> item) {
        return new Sale(
                string(item, "saleId"),
                string(item, "sku"),
                string(item, "title"),
                Money.of(string(item, "price"), string(item, "currency")),
                number(item, "stock"),
                number(item, STOCK_LOADED),
                (int) number(item, "perCustomerLimit"),
                instant(item, "opensAt"),
                instant(item, "closesAt"),
                (int) number(item, "holdSeconds"),
                (int) number(item, "shards"),
                instant(item, "createdAt"),
                instant(item, SOLD_OUT_AT),
                number(item, SOLD_OUT_STOCK_LOADED),
                string(item, DEFINITION_HASH),
                admission(item),
                room(item),
                pools(item));
    }
}
