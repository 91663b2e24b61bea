package io.flashcheckout.local.rehearse;

import java.time.Duration;
import java.time.Instant;

/** The sale a rehearsal creates: its own id, so rehearsals never touch a real sale or each other. */
record SaleSpec(String saleId, long stock, int perCustomerLimit, int holdSeconds, Integer shards, String price) {

    String json(Instant opensAt) {
        return "{\"saleId\":\"" + saleId + "\",\"sku\":\"REHEARSAL-PHONE\",\"title\":\"Rehearsal phone\","
                + "\"price\":{\"amount\":\"" + price + "\",\"currency\":\"EUR\"},\"stock\":" + stock
                + ",\"perCustomerLimit\":" + perCustomerLimit + ",\"opensAt\":\"" + opensAt + "\",\"closesAt\":\""
                + opensAt.plus(Duration.ofDays(1)) + "\",\"holdSeconds\":" + holdSeconds
                + (shards == null ? "" : ",\"shards\":" + shards) + "}";
    }
}
