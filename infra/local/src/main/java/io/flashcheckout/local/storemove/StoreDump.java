package io.flashcheckout.local.storemove;

import io.flashcheckout.store.dynamodb.CheckoutTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A whole store (the sales, orders and refunds tables: sales and their stock shards, orders with their per-customer and
 * per-card counts and admin log, refunds) copied item for item to a folder and back. A folder holds
 * {@code sales.jsonl}, {@code orders.jsonl} and {@code refunds.jsonl}, one {@link ItemJson} line per item; an import
 * also reads, in their place, the folders {@code sales/}, {@code orders/}, {@code refunds/} holding the
 * {@code *.json.gz} data files of DynamoDB's export to S3 of each table.
 *
 * <p>Items are copied as they are: an order keeps its id, its charge id and its payment attempt, so the refund it may
 * owe keeps its id ({@code rf-<orderId>-<attempt>}), which is the refund's idempotency key at the payment provider.
 * Whichever deployment pays a refund out first, the other's attempt is answered with the same refund: money goes back
 * once across both.
 */
public final class StoreDump {
    /** The tables of a store, by the base name of their file. */
    static Map<String, String> tables(CheckoutTables tables) {
        Map<String, String> byName = new LinkedHashMap<>();
        byName.put("sales", tables.sales());
        byName.put("orders", tables.orders());
        byName.put("refunds", tables.refunds());
        return byName;
    }

    private StoreDump() {}

    /** Writes every item of the store's tables to {@code dir} (created if missing); the counts per table. */
    public static Map<String, Long> export(DynamoDbClient dynamo, CheckoutTables tables, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, String> table : tables(tables).entrySet()) {
            long count = 0;
            Path file = dir.resolve(table.getKey() + ".jsonl");
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                ScanRequest scan = ScanRequest.builder().tableName(table.getValue()).consistentRead(true).build();
                for (ScanResponse page : dynamo.scanPaginator(scan)) {
                    for (Map<String, AttributeValue> item : page.items()) {
                        out.write(ItemJson.line(item));
                        out.write('\n');
                        count++;
                    }
                }
            }
            counts.put(table.getKey(), count);
        }
        return counts;
    }

    /** What an import did to one table. */
    public record Imported(long written, long alreadyThere) {}

    /**
     * Puts every item of {@code dir} into the store's tables, each only if no item has its key there
     * ({@code attribute_not_exists(pk)}): an import run again writes nothing twice, and never overwrites what the
     * target deployment holds. Every file is read through once before anything is written: a broken line writes nothing.
     */
    public static Map<String, Imported> importInto(DynamoDbClient dynamo, CheckoutTables tables, Path dir) throws IOException {
        Map<String, List<Path>> sources = new LinkedHashMap<>();
        for (String name : tables(tables).keySet()) {
            sources.put(name, sourceFiles(dir, name));
        }
        for (List<Path> files : sources.values()) {
            for (Path file : files) {
                forEachItem(file, item -> { });
            }
        }
        Map<String, Imported> done = new LinkedHashMap<>();
        for (Map.Entry<String, String> table : tables(tables).entrySet()) {
            long[] written = {0, 0};
            for (Path file : sources.get(table.getKey())) {
                forEachItem(file, item -> {
                    try {
                        dynamo.putItem(b -> b.tableName(table.getValue()).item(item)
                                .conditionExpression("attribute_not_exists(pk)"));
                        written[0]++;
                    } catch (ConditionalCheckFailedException present) {
                        written[1]++;
                    }
                });
            }
            done.put(table.getKey(), new Imported(written[0], written[1]));
        }
        return done;
    }

    private static void forEachItem(Path file, Consumer<Map<String, AttributeValue>> action) throws IOException {
        try (BufferedReader in = reader(file)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, AttributeValue> item;
                try {
                    item = ItemJson.item(line);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file.getFileName() + " line " + number + ": " + e.getMessage(), e);
                }
                if (!item.containsKey("pk")) {
                    throw new IOException(file.getFileName() + " line " + number + ": an item without its key pk");
                }
                action.accept(item);
            }
        }
    }

    private static List<Path> sourceFiles(Path dir, String name) throws IOException {
        Path lines = dir.resolve(name + ".jsonl");
        if (Files.isRegularFile(lines)) {
            return List.of(lines);
        }
        Path exported = dir.resolve(name);
        if (Files.isDirectory(exported)) {
            try (Stream<Path> files = Files.walk(exported)) {
                List<Path> data = new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".json.gz")).sorted().toList());
                if (!data.isEmpty()) {
                    return data;
                }
            }
        }
        throw new IOException("no " + lines + " and no " + exported + "/**/*.json.gz (DynamoDB's export to S3)");
    }

    private static BufferedReader reader(Path file) throws IOException {
        return file.getFileName().toString().endsWith(".gz")
                ? new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))
                : Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }
}
