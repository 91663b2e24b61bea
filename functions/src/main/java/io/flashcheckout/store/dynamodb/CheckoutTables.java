package io.flashcheckout.store.dynamodb;

/** The names of the three tables; a prefix lets tests and stages share one DynamoDB. */
public record CheckoutTables(String sales, String orders, String refunds) {
    /** The partitions ({@code <status>#<n>}) of the sparse {@code byDue} indexes of the orders and refunds tables. */
    public static final int DUE_SHARDS = 32;
    public static CheckoutTables withPrefix(String prefix) {
        return new CheckoutTables(prefix + "sales", prefix + "orders", prefix + "refunds");
    }
}
