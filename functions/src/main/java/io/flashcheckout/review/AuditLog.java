package io.flashcheckout.review;

import java.util.List;

/** The admin log: every admin action, per sale, newest first. */
public interface AuditLog {

    /** Keeps {@code entry} unless an entry with its id is kept already (a retried action); true when it was new. */
    boolean record(AuditEntry entry);

    /**
     * Up to {@code limit} of the sale's entries, newest first, after {@code cursor} (null: from the newest).
     *
     * @throws io.flashcheckout.checkout.CheckoutException.InvalidInput for a cursor this log did not give for the sale
     */
    AuditPage page(String saleId, int limit, String cursor);

    /** The sale's entries of {@code action} naming {@code target}, newest first, at most {@code max}. */
    List<AuditEntry> naming(String saleId, String action, String target, int max);

    record AuditPage(List<AuditEntry> entries, String nextCursor) {}
}
