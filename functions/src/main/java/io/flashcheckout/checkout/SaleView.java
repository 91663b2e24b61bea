package io.flashcheckout.checkout;

/** A sale as a shopper sees it: its definition, its status now and the units left in its shards. */
public record SaleView(Sale sale, SaleStatus status, long available) {}
