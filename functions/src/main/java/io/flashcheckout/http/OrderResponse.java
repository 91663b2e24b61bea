package io.flashcheckout.http;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.payment.DeclineCode;
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
        @Nullable String refundId,
        @Nullable String cardFingerprint) {

    static OrderResponse of(Order o) {
        return new OrderResponse(o.orderId(), o.saleId(), o.customerId(), o.quantity(), MoneyBody.of(o.amount()),
                o.status(), o.holdExpiresAt(), o.createdAt(), o.updatedAt(), declineCode(o.declineReason()),
                o.cancelReason(), o.refundId(), o.cardFingerprint());
    }

    /** Only a known decline code is shown; an order stored before codes were (a provider's text) reads as card-declined. */
    private static String declineCode(String stored) {
        if (stored == null) {
            return null;
        }
        return DeclineCode.ofSlug(stored).orElse(DeclineCode.CARD_DECLINED).slug();
    }
}
