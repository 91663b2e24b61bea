package io.flashcheckout.closing;

import java.time.Instant;
import java.util.Optional;

/** Where the store's closing is kept, and the deletion of personal data done through (the port of {@link StoreClosingService}). */
public interface ClosingStore {
    Optional<StoreClosing> read();

    /** Sets (or moves) the closing date and the retention; a deletion already finished stays finished. */
    void save(Instant closesAt, int retentionDays);

    /**
     * Anonymises one page of one table's items, from {@code cursor} (null: the first page): personal items deleted,
     * finance's records kept without the customer and the signals. The cursor of the next page, or null after the last.
     */
    String anonymisePage(RetentionTable table, String cursor);

    /** Remembers where an unfinished deletion goes on (null: table done), so the next run resumes there. */
    void saveProgress(RetentionTable table, String cursor);

    /** Where the deletion stands: the table and cursor {@link #saveProgress} kept, or the orders table's start. */
    Progress progress();

    void markAnonymised(Instant at);

    enum RetentionTable { ORDERS, REFUNDS, DONE }

    record Progress(RetentionTable table, String cursor) {}
}
