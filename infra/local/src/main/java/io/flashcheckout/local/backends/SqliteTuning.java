package io.flashcheckout.local.backends;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteException;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.almworks.sqlite4java.SQLiteStatement;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.model.ListTablesRequest;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What DynamoDB Local's SQLite (3.8.7, as its jar ships it) is told when the local stack starts it: indexes on its
 * stream records by shard and by stream, and, for a database in RAM that only lives as long as the stack, how it may
 * read and commit.
 *
 * <p>DynamoDB Local keeps the stream records of every table in one SQLite table ({@code us}) keyed by sequence number
 * alone, and finds a shard's records ({@code GetShardIterator}, {@code GetRecords}, the sequence-number range of
 * {@code DescribeStream}) by walking that key past every other shard's records. The local stack's stream pollers ask
 * a quiet stream (the refunds table's, during a sale) several times a second, and each ask walked every orders
 * record written since the refunds table's last one: in a full-size Poco M3 rehearsal DynamoDB Local's one SQLite
 * thread, which every reservation's write waits for, spent most of its time there and reservations fell from 37 to 12
 * a second as the stream grew. With an index on the shard and one on the stream those reads go straight to their
 * shard or stream. The sequence number is the table's rowid (an INTEGER PRIMARY KEY), which every index ends with:
 * an index on (stream) is searched by (stream, rowid range), so GetRecords starts at its iterator's record. An index
 * on (stream, sequence number), as here before, is not: SQLite 3.8.7 matches a rowid range only to the rowid, not to
 * an index column that names it, so each GetRecords walked every earlier record of its stream (units taken a second
 * fell from 53 to 11 within 15,000 units of the full-size Poco M3 story).
 *
 * <p>A scratch database ({@link ScratchDatabase}, a file in RAM) is read through a memory map rather than a read
 * call per page (with SQLite's 2,000-page cache, reads were most of its thread's time), keeps its rollback journal in
 * memory and does not sync: it is gone when the stack stops, so there is nothing to keep safe across a crash. A
 * database in a data directory the user gave keeps SQLite's defaults.
 *
 * <p>All of it is done on DynamoDB Local's own connection, through its job queue, reached by reflection into the
 * version this project pins. A DynamoDB Local shaped otherwise is left as it is, slower, and the log says so: nothing
 * in the checkout depends on it.
 */
final class SqliteTuning {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteTuning.class);
    /** What the indexes' names start with. */
    static final String PREFIX = "flash_checkout_us_of_";
    private static final List<String> CREATE = List.of(
            // the indexes of earlier versions, in a --data-dir database they tuned
            "DROP INDEX IF EXISTS flash_checkout_us_by_shard",
            "DROP INDEX IF EXISTS flash_checkout_us_by_stream",
            "CREATE INDEX IF NOT EXISTS " + PREFIX + "shard ON us (ShardID)",
            "CREATE INDEX IF NOT EXISTS " + PREFIX + "stream ON us (StreamID)");
    private static final List<String> SCRATCH = List.of(
            "PRAGMA mmap_size = 2147418112", // SQLite's most on Linux (SQLITE_MAX_MMAP_SIZE)
            "PRAGMA journal_mode = MEMORY",
            "PRAGMA synchronous = OFF");

    private SqliteTuning() {
    }

    /**
     * Adds the indexes to the database {@code handler} serves, and the scratch settings when {@code scratch}; a warning
     * if it could not.
     */
    static void apply(LocalDynamoDBRequestHandler handler, boolean scratch) {
        Optional<SQLiteQueue> queue = queue(handler);
        if (queue.isEmpty()) {
            return;
        }
        try {
            queue.get().execute(new SQLiteJob<Void>() {
                @Override
                protected Void job(SQLiteConnection connection) throws SQLiteException {
                    for (String index : CREATE) {
                        connection.exec(index);
                    }
                    if (scratch) {
                        for (String setting : SCRATCH) {
                            connection.exec(setting);
                        }
                    }
                    return null;
                }
            }).complete();
        } catch (RuntimeException e) {
            LOG.warn("DynamoDB Local's SQLite was not tuned ({}); quiet streams read slower as others grow", e.toString());
        }
    }

    /** How SQLite would run {@code sql} on DynamoDB Local's database ({@code EXPLAIN QUERY PLAN}), one line a step. */
    static List<String> plan(LocalDynamoDBRequestHandler handler, String sql) {
        return rows(handler, "EXPLAIN QUERY PLAN " + sql);
    }

    /** The value of a setting on DynamoDB Local's connection ({@code PRAGMA name}). */
    static String setting(LocalDynamoDBRequestHandler handler, String name) {
        return rows(handler, "PRAGMA " + name).stream().findFirst().orElse("");
    }

    /** The last column of each row {@code sql} answers on DynamoDB Local's connection. */
    private static List<String> rows(LocalDynamoDBRequestHandler handler, String sql) {
        SQLiteQueue queue = queue(handler).orElseThrow(() -> new IllegalStateException("DynamoDB Local's queue not found"));
        return queue.execute(new SQLiteJob<List<String>>() {
            @Override
            protected List<String> job(SQLiteConnection connection) throws SQLiteException {
                List<String> steps = new ArrayList<>();
                SQLiteStatement statement = connection.prepare(sql);
                try {
                    while (statement.step()) {
                        steps.add(statement.columnString(statement.columnCount() - 1));
                    }
                } finally {
                    statement.dispose();
                }
                return steps;
            }
        }).complete();
    }

    /**
     * The job queue of the shared database: the handler makes it at its first request, so one harmless request
     * (ListTables) comes first.
     */
    private static Optional<SQLiteQueue> queue(LocalDynamoDBRequestHandler handler) {
        try {
            handler.listTables("local", "us-east-1", new ListTablesRequest());
            Map<?, ?> databases = (Map<?, ?>) field(handler.getClass(), "dbRequestHandlers").get(handler);
            for (Object database : databases.values()) {
                Object access = field(database.getClass(), "dbAccess").get(database);
                Object queue = field(access.getClass(), "queue").get(access);
                if (queue instanceof SQLiteQueue sqlite) {
                    return Optional.of(sqlite);
                }
            }
            LOG.warn("DynamoDB Local's database queue was not found; its SQLite is not tuned");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("DynamoDB Local is not shaped as this version expects ({}); its SQLite is not tuned, so quiet "
                    + "streams read slower as others grow", e.toString());
        }
        return Optional.empty();
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
