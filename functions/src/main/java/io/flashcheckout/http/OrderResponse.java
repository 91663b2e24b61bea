package io.flashcheckout.http;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Signals;
import io.flashcheckout.payment.DeclineCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

@Serdeable
public record OrderResponse(
        String orderId,
        String saleId,
        @Nullable String customerId,
        int quantity,
        MoneyBody amount,
        OrderStatus status,
        Instant holdExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String declineReason,
        @Nullable String cancelReason,
        @Nullable String refundId,
        @Nullable String cardFingerprint,
        @Nullable SignalsBody signals) {

    /** The order as its shopper sees it: not the signals kept for review (see README, "Signals and review"). */
    static OrderResponse of(Order o) {
        return of(o, null);
    }

    /** The order as an admin sees it: with what the checkout saw at reserve. */
    static OrderResponse forAdmin(Order o) {
        return of(o, SignalsBody.of(o.signals()));
    }

    private static OrderResponse of(Order o, SignalsBody signals) {
        return new OrderResponse(o.orderId(), o.saleId(), o.customerId(), o.quantity(), MoneyBody.of(o.amount()),
                o.status(), o.holdExpiresAt(), o.createdAt(), o.updatedAt(), declineCode(o.declineReason()),
                o.cancelReason(), o.refundId(), o.cardFingerprint(), signals);
    }

    /** What the checkout saw when the order was reserved; each part null when it was not seen. */
    @Serdeable
    public record SignalsBody(@Nullable String sourceIp, @Nullable String userAgentHash, @Nullable Instant tokenIssuedAt,
                              @Nullable String channel) {
        static SignalsBody of(Signals s) {
            return new SignalsBody(s.sourceIp(), s.userAgentHash(), s.tokenIssuedAt(), s.channel());
        }
    }

    /** Only a known decline code is shown; an order stored before codes were (a provider's text) reads as card-declined. */
    private static String declineCode(String stored) {
        if (stored == null) {
            return null;
        }
        return DeclineCode.ofSlug(stored).orElse(DeclineCode.CARD_DECLINED).slug();
    }
}
