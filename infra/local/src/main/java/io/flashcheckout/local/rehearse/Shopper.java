package io.flashcheckout.local.rehearse;

/**
 * One shopper of the crowd.
 *
 * @param customerId   who the token says they are
 * @param arrivalMillis when they first ask, after the opening
 * @param quantity     units they ask for (1 up to the per-customer limit)
 * @param retries      how many times they send the same reservation again with the same Idempotency-Key
 * @param greedy       asks for the whole limit again under a second key while holding the first reservation
 * @param fate         what they do once they hold a reservation
 */
record Shopper(int index, String customerId, long arrivalMillis, int quantity, int retries, boolean greedy, Fate fate) {

    String idempotencyKey(String saleId) {
        return saleId + "-" + customerId;
    }
}
