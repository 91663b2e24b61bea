package io.flashcheckout.http;

import io.micronaut.core.annotation.Nullable;
import io.flashcheckout.checkout.CheckoutException;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

import java.time.Instant;
import java.util.List;

/** The small request bodies. */
final class Requests {
    private Requests() {}

    /**
     * A quantity as a whole number. JSON numbers bind as decimals first, so {@code 1.5} is refused rather than
     * silently truncated, and a number past a long is refused rather than overflowing.
     */
    static long wholeQuantity(@Nullable BigDecimal quantity) {
        if (quantity == null) {
            throw new CheckoutException.InvalidInput("the body must be {\"quantity\": n}");
        }
        try {
            return quantity.longValueExact();
        } catch (ArithmeticException e) {
            throw new CheckoutException.InvalidInput("quantity must be a whole number, not " + quantity.toPlainString());
        }
    }

    @Serdeable
    record Reserve(@Nullable BigDecimal quantity) {}

    @Serdeable
    record Payment(@Nullable String paymentToken) {}

    @Serdeable
    record Restock(@Nullable BigDecimal quantity) {}

    @Serdeable
    record Reopen(@Nullable Instant opensAt, @Nullable Instant closesAt) {}

    @Serdeable
    record BulkCancel(@Nullable List<String> orderIds, @Nullable String reason) {}
}
