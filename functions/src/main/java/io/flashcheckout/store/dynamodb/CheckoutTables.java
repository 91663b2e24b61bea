package io.flashcheckout.store.dynamodb;

/** The names of the three tables; a prefix lets tests and stages share one DynamoDB. */
public record CheckoutTables(String sales, String orders, String refunds) {
    /** The partitions ({@code <status>#<n>}) of the sparse {@code byDue} indexes of the orders and refunds tables. */
    public static final int DUE_SHARDS = 32;
    /**
     * The partitions ({@code ORDERS#<saleId>#<n>}) of one sale's orders in the {@code bySale} index of the orders
     * table: eight index partitions take a sale's order writes at eight times one partition's rate.
     */
    public static final int SALE_SHARDS = 8;

    public static CheckoutTables withPrefix(String prefix) {
        return new CheckoutTables(prefix + "sales", prefix + "orders", prefix + "refunds");
    }
}
