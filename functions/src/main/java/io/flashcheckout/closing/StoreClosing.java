package io.flashcheckout.closing;

import java.time.Duration;
import java.time.Instant;

/**
 * When the store stops taking writes, and how long it keeps personal data after that.
 *
 * @param closesAt      from this instant every write route is refused ({@code store-closed}); reads still work
 * @param retentionDays days after {@code closesAt} when personal data is deleted (finance's records stay, anonymised)
 * @param anonymisedAt  when the deletion finished; null before
 */
public record StoreClosing(Instant closesAt, int retentionDays, Instant anonymisedAt) {
    public static final int MAX_RETENTION_DAYS = 3650;

    public StoreClosing {
        if (retentionDays < 0 || retentionDays > MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException("retentionDays must be 0 to " + MAX_RETENTION_DAYS);
        }
    }

    public boolean closedAt(Instant now) {
        return !now.isBefore(closesAt);
    }

    public Instant personalDataDeletedFrom() {
        return closesAt.plus(Duration.ofDays(retentionDays));
    }

    /** Whether the personal data is due for deletion at {@code now} and not deleted yet. */
    public boolean retentionDue(Instant now) {
        return anonymisedAt == null && !now.isBefore(personalDataDeletedFrom());
    }
}
