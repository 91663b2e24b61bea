package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads the sale page every {@code every} while a wave shops and keeps the channel pools it saw with nothing available:
 * a pool sold out if it emptied at some moment, even if units came back to it later (a hold that ended unpaid).
 */
final class EmptiedPools implements AutoCloseable {
    private final Set<String> emptied = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "emptied-pools");
        t.setDaemon(true);
        return t;
    });
    private final Supplier<JsonNode> sale;

    EmptiedPools(Supplier<JsonNode> sale, Duration every) {
        this.sale = sale;
        reader.scheduleWithFixedDelay(this::read, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try {
            for (JsonNode pool : sale.get().path("pools")) {
                if (pool.hasNonNull("available") && pool.path("available").asLong() == 0) {
                    emptied.add(pool.path("name").asText());
                }
            }
        } catch (RuntimeException e) {
            // a read that failed saw nothing; the next one looks again
        }
    }

    /** Stops reading after one last read; the pools seen empty. */
    Set<String> stop() {
        reader.shutdownNow();
        read();
        return Set.copyOf(emptied);
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
