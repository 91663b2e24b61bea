package io.flashcheckout.http;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

@Serdeable
public record OrderResponse(
        String orderId,
        String saleId,
        String customerId,
        int quantity,
        MoneyBody amount,
        OrderStatus status,
        Instant holdExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String declineReason,
        @Nullable String cancelReason,
        @Nullable String refundId) {

    static OrderResponse of(Order o) {
        return new OrderResponse(o.orderId(), o.saleId(), o.customerId(), o.quantity(), MoneyBody.of(o.amount()),
                o.status(), o.holdExpiresAt(), o.createdAt(), o.updatedAt(), o.declineReason(), o.cancelReason(),
                o.refundId());
    }
}
