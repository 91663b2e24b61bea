package io.flashcheckout.closing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The store's closing: an admin sets the date and the retention; writes are refused from the date on (the HTTP layer
 * asks {@link #closed()}, served from a few seconds' cache); once the retention has passed, {@link #applyRetention}
 * (run by the sweeper every minute) deletes personal data a bounded number of pages at a time, resuming where it
 * stopped, until it marks the store anonymised.
 */
public final class StoreClosingService {
    /** Pages one sweeper run anonymises at most: the run stays within its timeout, the next one resumes. */
    static final int PAGES_PER_RUN = 20;
    private static final Duration CACHE = Duration.ofSeconds(5);

    private final ClosingStore store;
    private final Clock clock;
    private volatile Optional<StoreClosing> cached;
    private volatile Instant cachedUntil = Instant.MIN;

    public StoreClosingService(ClosingStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void setClosing(Instant closesAt, int retentionDays) {
        new StoreClosing(closesAt, retentionDays, null);
        store.save(closesAt, retentionDays);
        cachedUntil = Instant.MIN;
    }

    public Optional<StoreClosing> closing() {
        return store.read();
    }

    /** Whether the store is closed now (the closing read at most a few seconds ago). */
    public boolean closed() {
        Instant now = clock.instant();
        if (now.isAfter(cachedUntil)) {
            cached = store.read();
            cachedUntil = now.plus(CACHE);
        }
        return cached.map(c -> c.closedAt(now)).orElse(false);
    }

    /** Pages anonymised by this run (0 when nothing is due). */
    public int applyRetention() {
        Optional<StoreClosing> closing = store.read();
        Instant now = clock.instant();
        if (closing.isEmpty() || !closing.get().retentionDue(now)) {
            return 0;
        }
        ClosingStore.Progress at = store.progress();
        ClosingStore.RetentionTable table = at.table();
        String cursor = at.cursor();
        int pages = 0;
        while (table != ClosingStore.RetentionTable.DONE && pages < PAGES_PER_RUN) {
            cursor = store.anonymisePage(table, cursor);
            pages++;
            if (cursor == null) {
                table = table == ClosingStore.RetentionTable.ORDERS ? ClosingStore.RetentionTable.REFUNDS
                        : ClosingStore.RetentionTable.DONE;
            }
        }
        if (table == ClosingStore.RetentionTable.DONE) {
            store.markAnonymised(now);
        } else {
            store.saveProgress(table, cursor);
        }
        return pages;
    }
}
