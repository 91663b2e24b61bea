package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.checkout.Signals;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static io.flashcheckout.store.dynamodb.Attr.instant;
import static io.flashcheckout.store.dynamodb.Attr.n;
import static io.flashcheckout.store.dynamodb.Attr.number;
import static io.flashcheckout.store.dynamodb.Attr.putIfPresent;
import static io.flashcheckout.store.dynamodb.Attr.s;
import static io.flashcheckout.store.dynamodb.Attr.string;
import static io.flashcheckout.store.dynamodb.Attr.time;

/**
 * Key layout of the orders and refunds tables. Orders are {@code ORDER#<orderId>}; a customer's live units in
 * a sale are {@code LIMIT#<saleId>#<customerId>}; the units of PAYING and PAID orders paid with one card in a sale
 * are {@code CARD#<saleId>#<fingerprint>}, and those of one verified phone {@code PHONE#<saleId>#<digest>}; refunds are {@code REFUND#<refundId>} in their own table.
 * Live orders (RESERVED, PAYING) and PENDING refunds carry {@code dueShard}/{@code dueAt} for the sparse
 * {@code byDue} index of their table, which the sweeper reads; {@code dueShard} is spread over {@link CheckoutTables#DUE_SHARDS} values so that
 * index has no hot partition: an order's by its stock shard (a sale's shards spread over the partitions as its
 * reservations spread over the shards, and a reservation that moves on from a throttled shard moves on from that
 * shard's index partitions too), a refund's by its id. For RESERVED, {@code dueAt} is the hold's end; for PAYING, when the attempt started;
 * for a PENDING refund, when it was recorded.
 */
final class OrderItems {
    static final String PK = "pk";
    static final String STATUS = "status";
    static final String VERSION = "version";
    static final String HOLD_EXPIRES_AT = "holdExpiresAt";
    static final String UNITS = "units";
    static final String DUE_SHARD = "dueShard";
    static final String DUE_AT = "dueAt";
    static final String PAYMENT_ATTEMPT = "paymentAttempt";
    /** A fresh id per conditional put of an order, so a retried put recognises its own committed write. */
    static final String LAST_WRITE_ID = "lastWriteId";
    static final String BY_DUE = "byDue";
    static final String CARD_PREFIX = "CARD#";
    static final String CARD_FINGERPRINT = "cardFingerprint";
    static final String PHONE_PREFIX = "PHONE#";
    static final String PHONE_DIGEST = "phoneDigest";
    /** The kind, and the {@code byDue} partitions, of second looks owed to ended payment attempts. */
    static final String LATE_CHECK = "LATECHECK";
    /** When a second look is due; {@code dueAt} starts there and moves on each time the sweeper re-sends it. */
    static final String SECOND_LOOK_AT = "secondLookAt";
    /** The {@code bySale} index: a sale's orders by status and creation, and a sale's admin actions by time. */
    static final String BY_SALE = "bySale";
    static final String SALE_SHARD = "saleShard";
    static final String SALE_SORT = "saleSort";
    static final String SOURCE_IP = "sourceIp";
    static final String USER_AGENT_HASH = "userAgentHash";
    static final String TOKEN_ISSUED_AT = "tokenIssuedAt";
    static final String CHANNEL = "channel";

    private OrderItems() {}

    static Map<String, AttributeValue> orderKey(String orderId) {
        return Map.of(PK, s("ORDER#" + orderId));
    }

    static Map<String, AttributeValue> limitKey(String saleId, String customerId) {
        return Map.of(PK, s("LIMIT#" + saleId + "#" + customerId));
    }

    static Map<String, AttributeValue> cardKey(String saleId, String fingerprint) {
        return Map.of(PK, s(CARD_PREFIX + saleId + "#" + fingerprint));
    }

    static Map<String, AttributeValue> phoneKey(String saleId, String phoneDigest) {
        return Map.of(PK, s(PHONE_PREFIX + saleId + "#" + phoneDigest));
    }

    static Map<String, AttributeValue> refundKey(String refundId) {
        return Map.of(PK, s("REFUND#" + refundId));
    }

    /** A second look owed to an ended payment attempt: {@code LATECHECK#<orderId>#<attempt>}, in the orders table. */
    static Map<String, AttributeValue> lateChargeCheckKey(String orderId, int paymentAttempt) {
        return Map.of(PK, s(LATE_CHECK + "#" + orderId + "#" + paymentAttempt));
    }

    static Map<String, AttributeValue> lateChargeCheckItem(String orderId, int paymentAttempt, Instant dueAt) {
        Map<String, AttributeValue> item = new HashMap<>(lateChargeCheckKey(orderId, paymentAttempt));
        item.put("orderId", s(orderId));
        item.put(PAYMENT_ATTEMPT, n(paymentAttempt));
        item.put(DUE_SHARD, s(dueShard(LATE_CHECK, spread(orderId))));
        item.put(DUE_AT, time(dueAt));
        item.put(SECOND_LOOK_AT, time(dueAt));
        return item;
    }

    static Map<String, AttributeValue> orderItem(Order o) {
        Map<String, AttributeValue> item = new HashMap<>(orderKey(o.orderId()));
        item.put("orderId", s(o.orderId()));
        item.put("saleId", s(o.saleId()));
        item.put("customerId", s(o.customerId()));
        item.put("quantity", n(o.quantity()));
        item.put("amount", s(o.amount().amountString()));
        item.put("currency", s(o.amount().currency()));
        item.put(STATUS, s(o.status().name()));
        item.put("shard", n(o.shard()));
        item.put(HOLD_EXPIRES_AT, time(o.holdExpiresAt()));
        item.put(VERSION, n(o.version()));
        item.put("createdAt", time(o.createdAt()));
        item.put("updatedAt", time(o.updatedAt()));
        item.put("requestHash", s(o.requestHash()));
        item.put(PAYMENT_ATTEMPT, n(o.paymentAttempt()));
        putIfPresent(item, "chargeId", o.chargeId());
        putIfPresent(item, "declineReason", o.declineReason());
        putIfPresent(item, "refundId", o.refundId());
        putIfPresent(item, "cancelReason", o.cancelReason());
        putIfPresent(item, CARD_FINGERPRINT, o.cardFingerprint());
        putIfPresent(item, PHONE_DIGEST, o.phoneDigest());
        putIfPresent(item, SOURCE_IP, o.signals().sourceIp());
        putIfPresent(item, USER_AGENT_HASH, o.signals().userAgentHash());
        putIfPresent(item, CHANNEL, o.signals().channel());
        if (o.signals().tokenIssuedAt() != null) {
            item.put(TOKEN_ISSUED_AT, time(o.signals().tokenIssuedAt()));
        }
        item.put(SALE_SHARD, s(saleShard(o.saleId(), SaleOrderPartitions.of(o))));
        item.put(SALE_SORT, s(saleSort(o.status().name(), o.createdAt(), o.orderId())));
        if (o.status() == OrderStatus.RESERVED || o.status() == OrderStatus.PAYING) {
            item.put(DUE_SHARD, s(dueShard(o.status().name(), Math.floorMod(o.shard(), CheckoutTables.DUE_SHARDS))));
            item.put(DUE_AT, time(o.status() == OrderStatus.RESERVED ? o.holdExpiresAt() : o.updatedAt()));
        }
        return item;
    }

    static Order order(Map<String, AttributeValue> item) {
        return new Order(
                string(item, "orderId"),
                string(item, "saleId"),
                string(item, "customerId"),
                (int) number(item, "quantity"),
                Money.of(string(item, "amount"), string(item, "currency")),
                OrderStatus.valueOf(string(item, STATUS)),
                (int) number(item, "shard"),
                instant(item, HOLD_EXPIRES_AT),
                number(item, VERSION),
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                string(item, "requestHash"),
                (int) number(item, PAYMENT_ATTEMPT),
                string(item, "chargeId"),
                string(item, "declineReason"),
                string(item, "refundId"),
                string(item, "cancelReason"),
                string(item, CARD_FINGERPRINT),
                string(item, PHONE_DIGEST),
                new Signals(string(item, SOURCE_IP), string(item, USER_AGENT_HASH), instant(item, TOKEN_ISSUED_AT),
                        string(item, CHANNEL)));
    }

    /** The {@code bySale} partition {@code n} of a sale's orders: {@code ORDERS#<saleId>#<n>} ({@link SaleOrderPartitions}). */
    static String saleShard(String saleId, int partition) {
        return "ORDERS#" + saleId + "#" + partition;
    }

    /** {@code <status>#<createdAt, 13 digits of epoch ms>#<orderId>}: a status is a key prefix, newest last. */
    static String saleSort(String status, Instant createdAt, String orderId) {
        return status + "#" + String.format("%013d", createdAt.toEpochMilli()) + "#" + orderId;
    }


    static Map<String, AttributeValue> refundItem(Refund r) {
        Map<String, AttributeValue> item = new HashMap<>(refundKey(r.refundId()));
        item.put("refundId", s(r.refundId()));
        item.put("orderId", s(r.orderId()));
        item.put("saleId", s(r.saleId()));
        item.put("customerId", s(r.customerId()));
        item.put("chargeId", s(r.chargeId()));
        item.put("amount", s(r.amount().amountString()));
        item.put("currency", s(r.amount().currency()));
        item.put(STATUS, s(r.status().name()));
        putIfPresent(item, "reason", r.reason());
        item.put("createdAt", time(r.createdAt()));
        item.put("updatedAt", time(r.updatedAt()));
        putIfPresent(item, "providerRefundId", r.providerRefundId());
        if (r.status() == Refund.Status.PENDING) {
            item.put(DUE_SHARD, s(dueShard(r.status().name(), spread(r.refundId()))));
            item.put(DUE_AT, time(r.createdAt()));
        }
        return item;
    }

    static Refund refund(Map<String, AttributeValue> item) {
        return new Refund(
                string(item, "refundId"),
                string(item, "orderId"),
                string(item, "saleId"),
                string(item, "customerId"),
                string(item, "chargeId"),
                Money.of(string(item, "amount"), string(item, "currency")),
                Refund.Status.valueOf(string(item, STATUS)),
                string(item, "reason"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                string(item, "providerRefundId"));
    }

    /** The {@code byDue} partition of live items of {@code status}: {@code <status>#<0..31>}. */
    static String dueShard(String status, int spread) {
        return status + "#" + spread;
    }

    private static int spread(String id) {
        return Math.floorMod(id.hashCode(), CheckoutTables.DUE_SHARDS);
    }
}
