package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The DynamoDB capacity a rehearsal's stack consumed, for the README's cost per 10,000 shoppers: an SDK global
 * interceptor (registered in {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so it is in
 * every DynamoDB client of the stack's JVM, the functions' and the workers' alike) that asks each call for its
 * {@code ConsumedCapacity} and adds it up, read and write units and calls by operation, into a JSON file every
 * second. Inert (changes no request) unless {@code -Dflash-checkout.capacity-meter=FILE} is set: the rehearsal sets
 * it on the stack's JVM. A failed call reports no capacity; a cancelled transaction (sold out, over the limit) is
 * billed all the same, so its items are counted at 2 write units each, apart.
 */
public final class CapacityMeter implements ExecutionInterceptor {
    static final String PROPERTY = "flash-checkout.capacity-meter";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DoubleAdder READ_UNITS = new DoubleAdder();
    private static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> FAILED = new ConcurrentHashMap<>();
    /** DynamoDB bills a cancelled transaction's writes too (2 units an item, items under 1 KB); no capacity comes back. */
    private static final DoubleAdder CANCELLED_TRANSACTION_UNITS = new DoubleAdder();
    private static volatile Thread writer;

    private final Path file;

    public CapacityMeter() {
        String property = System.getProperty(PROPERTY);
        this.file = property == null || property.isBlank() ? null : Path.of(property);
        if (file != null) {
            startWriter(file);
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (file == null) {
            return context.request();
        }
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (file == null) {
            return;
        }
        List<ConsumedCapacity> consumed = switch (context.response()) {
            case GetItemResponse r -> one(r.consumedCapacity());
            case PutItemResponse r -> one(r.consumedCapacity());
            case UpdateItemResponse r -> one(r.consumedCapacity());
            case DeleteItemResponse r -> one(r.consumedCapacity());
            case QueryResponse r -> one(r.consumedCapacity());
            case ScanResponse r -> one(r.consumedCapacity());
            case BatchGetItemResponse r -> r.consumedCapacity();
            case BatchWriteItemResponse r -> r.consumedCapacity();
            case TransactGetItemsResponse r -> r.consumedCapacity();
            case TransactWriteItemsResponse r -> r.consumedCapacity();
            default -> null;
        };
        if (consumed == null) {
            return;
        }
        CALLS.computeIfAbsent(context.request().getClass().getSimpleName().replace("Request", ""), k -> new LongAdder()).increment();
        boolean write = context.request() instanceof PutItemRequest || context.request() instanceof UpdateItemRequest
                || context.request() instanceof DeleteItemRequest || context.request() instanceof BatchWriteItemRequest
                || context.request() instanceof TransactWriteItemsRequest;
        for (ConsumedCapacity c : consumed) {
            double units = c.capacityUnits() == null ? 0 : c.capacityUnits();
            (write ? WRITE_UNITS : READ_UNITS).add(units);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (file != null) {
            if (context.request() instanceof TransactWriteItemsRequest r) {
                CANCELLED_TRANSACTION_UNITS.add(2.0 * r.transactItems().size());
            }
            FAILED.computeIfAbsent(context.request().getClass().getSimpleName().replace("Request", ""), k -> new LongAdder())
                    .increment();
        }
    }

    private static List<ConsumedCapacity> one(ConsumedCapacity c) {
        return c == null ? List.of() : List.of(c);
    }

    private static synchronized void startWriter(Path file) {
        if (writer != null) {
            return;
        }
        writer = Thread.ofPlatform().daemon().name("capacity-meter").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                    write(file);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // the next second tries again
                }
            }
        });
    }

    private static void write(Path file) throws IOException {
        Map<String, Object> totals = new TreeMap<>();
        totals.put("readUnits", READ_UNITS.sum());
        totals.put("writeUnits", WRITE_UNITS.sum());
        totals.put("cancelledTransactionWriteUnits", CANCELLED_TRANSACTION_UNITS.sum());
        totals.put("calls", counts(CALLS));
        totals.put("failedCalls", counts(FAILED));
        Path next = file.resolveSibling(file.getFileName() + ".next");
        JSON.writeValue(next.toFile(), totals);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Long> counts(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The totals the stack's meter last wrote; null when it wrote none. */
    static Map<String, Object> read(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> totals = Files.exists(file) ? JSON.readValue(file.toFile(), Map.class) : null;
            return totals;
        } catch (IOException e) {
            return null;
        }
    }
}
