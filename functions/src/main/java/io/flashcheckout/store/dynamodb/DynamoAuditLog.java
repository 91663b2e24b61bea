package io.flashcheckout.store.dynamodb;

import io.flashcheckout.review.AuditEntry;
import io.flashcheckout.review.AuditLog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import static io.flashcheckout.store.dynamodb.Attr.s;
import static io.flashcheckout.store.dynamodb.Attr.string;

/**
 * The admin log in the orders table: {@code AUDIT#<auditId>} items, listed per sale newest first through the
 * {@code bySale} index (partition {@code AUDIT#<saleId>}, sort key {@code <epoch ms, 13 digits>#<auditId>}).
 */
public final class DynamoAuditLog implements AuditLog {
    private static final Pattern AUDIT_SORT = Pattern.compile("[0-9]{13}#a-[0-9a-f]{32}");
    private static final Pattern AUDIT_PK = Pattern.compile("AUDIT#a-[0-9a-f]{32}");
    /** Pages a {@link #naming} search reads at most (a sale's log is a few admin actions, not orders). */
    private static final int MAX_SEARCH_PAGES = 20;

    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;

    public DynamoAuditLog(DynamoDbClient dynamo, CheckoutTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public boolean record(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(OrderItems.PK, s("AUDIT#" + entry.auditId()));
        item.put(OrderItems.SALE_SHARD, s(partition(entry.saleId())));
        item.put(OrderItems.SALE_SORT, s(String.format("%013d", entry.at().toEpochMilli()) + "#" + entry.auditId()));
        item.put("auditId", s(entry.auditId()));
        item.put("saleId", s(entry.saleId()));
        item.put("at", Attr.time(entry.at()));
        item.put("actor", s(entry.actor()));
        item.put("action", s(entry.action()));
        Attr.putIfPresent(item, "reason", entry.reason());
        Attr.putIfPresent(item, "detail", entry.detail());
        if (!entry.targets().isEmpty()) {
            item.put("targets", AttributeValue.fromL(entry.targets().stream().map(Attr::s).toList()));
        }
        try {
            dynamo.putItem(b -> b.tableName(tables.orders()).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException retried) {
            return false;
        }
    }

    @Override
    public AuditPage page(String saleId, int limit, String cursor) {
        PageCursor at = PageCursor.decode(cursor, "audit\n" + saleId, 1, AUDIT_SORT, AUDIT_PK);
        Map<String, AttributeValue> start = at == null || at.atPartitionStart() ? null : Map.of(
                OrderItems.PK, s(at.itemKey()),
                OrderItems.SALE_SHARD, s(partition(saleId)),
                OrderItems.SALE_SORT, s(at.sortKey()));
        QueryResponse page = dynamo.query(query(saleId).exclusiveStartKey(start).limit(limit).build());
        List<AuditEntry> entries = page.items().stream().map(DynamoAuditLog::entry).toList();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        String next = last == null || last.isEmpty() ? null
                : new PageCursor(0, string(last, OrderItems.SALE_SORT), string(last, OrderItems.PK)).encode("audit\n" + saleId);
        return new AuditPage(entries, next);
    }

    @Override
    public List<AuditEntry> naming(String saleId, String action, String target, int max) {
        QueryRequest request = query(saleId)
                .filterExpression("#action = :action AND contains(targets, :target)")
                .expressionAttributeNames(Map.of("#action", "action"))
                .expressionAttributeValues(Map.of(":shard", s(partition(saleId)), ":action", s(action), ":target", s(target)))
                .build();
        List<AuditEntry> found = new ArrayList<>();
        int pages = 0;
        for (QueryResponse page : dynamo.queryPaginator(request)) {
            page.items().forEach(item -> found.add(entry(item)));
            if (found.size() >= max || ++pages >= MAX_SEARCH_PAGES) {
                break;
            }
        }
        return found.size() > max ? found.subList(0, max) : found;
    }

    private QueryRequest.Builder query(String saleId) {
        return QueryRequest.builder()
                .tableName(tables.orders())
                .indexName(OrderItems.BY_SALE)
                .keyConditionExpression("saleShard = :shard")
                .expressionAttributeValues(Map.of(":shard", s(partition(saleId))))
                .scanIndexForward(false);
    }

    private static String partition(String saleId) {
        return "AUDIT#" + saleId;
    }

    private static AuditEntry entry(Map<String, AttributeValue> item) {
        AttributeValue targets = item.get("targets");
        return new AuditEntry(string(item, "auditId"), string(item, "saleId"), Attr.instant(item, "at"),
                string(item, "actor"), string(item, "action"), string(item, "reason"),
                targets == null ? List.of() : targets.l().stream().map(AttributeValue::s).toList(), string(item, "detail"));
    }
}
