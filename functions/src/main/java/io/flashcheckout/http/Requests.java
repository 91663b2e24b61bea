package io.flashcheckout.http;

import io.micronaut.core.annotation.Nullable;
import io.flashcheckout.checkout.CheckoutException;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * The small request bodies. Numbers and instants bind as the caller's text and are converted by
 * {@link BoundedNumber} and {@link BoundedInstant}; the OpenAPI document (META-INF/swagger/flash-checkout-0.1.yml) gives their types.
 */
final class Requests {
    private Requests() {}

    /** A quantity as a whole number: {@code 1.5} is refused rather than truncated, {@code 1e300000000} rather than expanded. */
    static long wholeQuantity(@Nullable String quantity) {
        Long value = BoundedNumber.whole("quantity", quantity);
        if (value == null) {
            throw new CheckoutException.InvalidInput("the body must be {\"quantity\": n}");
        }
        return value;
    }

    @Serdeable
    record Reserve(@Nullable String quantity, @Nullable String channel) {}

    @Serdeable
    record Payment(@Nullable String paymentToken) {}

    @Serdeable
    record Restock(@Nullable String quantity, @Nullable String pool) {}

    /** {@code POST /admin/sales/{saleId}/pools/move}: {@code {"from": "mi", "to": "lazada", "units": 500}}. */
    @Serdeable
    record PoolMove(@Nullable String from, @Nullable String to, @Nullable String units) {}

    @Serdeable
    record Reopen(@Nullable String opensAt,
                  @Nullable String closesAt) {

        Instant opensAtInstant() {
            return BoundedInstant.parse("opensAt", opensAt);
        }

        Instant closesAtInstant() {
            return BoundedInstant.parse("closesAt", closesAt);
        }
    }

    @Serdeable
    record BulkCancel(@Nullable List<String> orderIds, @Nullable String reason) {}
}
