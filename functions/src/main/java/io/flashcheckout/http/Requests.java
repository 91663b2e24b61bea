package io.flashcheckout.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The small request bodies. */
final class Requests {
    private Requests() {}

    @Serdeable
    record Reserve(@Nullable Long quantity) {}

    @Serdeable
    record Payment(@Nullable String paymentToken) {}

    @Serdeable
    record Restock(@Nullable Long quantity) {}

    @Serdeable
    record BulkCancel(@Nullable List<String> orderIds, @Nullable String reason) {}
}
