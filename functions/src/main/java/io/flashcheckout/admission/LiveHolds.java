package io.flashcheckout.admission;

/**
 * A sale's live holds: its RESERVED and PAYING orders, read from an index that may lag the orders by up to a second or
 * so (see {@link QueueAdvancer#tick} for how that lag is guarded against).
 */
public interface LiveHolds {
    HeldUnits of(String saleId);
}
