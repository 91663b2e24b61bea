package io.flashcheckout.local.rehearse;

import java.time.Duration;
import java.time.Instant;

/** The sale a rehearsal creates: its own id, so rehearsals never touch a real sale or each other. */
record SaleSpec(String saleId, long stock, int perCustomerLimit, int holdSeconds, Integer shards, String price,
                String admissionJson) {

    SaleSpec(String saleId, long stock, int perCustomerLimit, int holdSeconds, Integer shards, String price) {
        this(saleId, stock, perCustomerLimit, holdSeconds, shards, price, null);
    }

    /** The same sale with a waiting room ({@code admission} as the admin API takes it). */
    SaleSpec withAdmission(String admission) {
        return new SaleSpec(saleId, stock, perCustomerLimit, holdSeconds, shards, price, admission);
    }

    String json(Instant opensAt) {
        return "{\"saleId\":\"" + saleId + "\",\"sku\":\"REHEARSAL-PHONE\",\"title\":\"Rehearsal phone\","
                + "\"price\":{\"amount\":\"" + price + "\",\"currency\":\"EUR\"},\"stock\":" + stock
                + ",\"perCustomerLimit\":" + perCustomerLimit + ",\"opensAt\":\"" + opensAt + "\",\"closesAt\":\""
                + opensAt.plus(Duration.ofDays(1)) + "\",\"holdSeconds\":" + holdSeconds
                + (shards == null ? "" : ",\"shards\":" + shards)
                + (admissionJson == null ? "" : ",\"admission\":" + admissionJson) + "}";
    }
}
