package io.flashcheckout.checkout;

/**
 * Where a sale's capacity is scheduled (on AWS: provisioned concurrency on the reserve and pay functions). Each sale
 * has at most one window: scheduling again replaces it, so a replayed create or a reopen moves it instead of adding
 * one. Implementations retry transient failures themselves and throw when the schedule could not be made.
 */
public interface WarmCapacity {

    /** Nothing is scheduled: not on AWS, or pre-warming is not configured. */
    WarmCapacity NONE = new WarmCapacity() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void schedule(String saleId, WarmupWindow window) {
        }

        @Override
        public void cancel(String saleId) {
        }
    };

    boolean enabled();

    /** Capacity ready from {@code window.warmAt()} until {@code window.coolAt()}, replacing the sale's earlier window. */
    void schedule(String saleId, WarmupWindow window);

    /** The sale has nothing left to warm: its earlier window, if any, is removed. */
    void cancel(String saleId);
}
