package io.flashcheckout.review;

import java.time.Instant;

/** Counts a sale's orders for the operator's live view, from an index (never a scan of the table). */
public interface SaleActivity {
    LiveFigures figures(String saleId, Instant now);
}
