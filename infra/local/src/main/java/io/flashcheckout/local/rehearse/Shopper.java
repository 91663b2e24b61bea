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
 * @param keepTryingUntilMillis a late shopper answered sold-out tries again (a new request, so a new key) until this
 *                     long after the opening, as units come back from holds that end; 0: one who leaves at sold-out
 */
record Shopper(int index, String customerId, long arrivalMillis, int quantity, int retries, boolean greedy, Fate fate,
               long keepTryingUntilMillis) {

    Shopper(int index, String customerId, long arrivalMillis, int quantity, int retries, boolean greedy, Fate fate) {
        this(index, customerId, arrivalMillis, quantity, retries, greedy, fate, 0);
    }

    boolean keepsTrying() {
        return keepTryingUntilMillis > 0;
    }

    String idempotencyKey(String saleId) {
        return saleId + "-" + customerId;
    }
}
