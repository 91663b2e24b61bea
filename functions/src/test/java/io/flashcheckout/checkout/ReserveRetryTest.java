package io.flashcheckout.checkout;

import io.flashcheckout.support.Checkout;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Invariant 6 across the sale's life: a retried reservation finds its own order before any refusal. */
class ReserveRetryTest {
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
    }

    @Test
    void aRetryAfterTheSaleWasReopenedForLaterFindsItsOrder() {
        Sale sale = checkout.openSale(5, 1, 2);
        Requester shopper = Requester.shopper("early-bird");
        Order first = checkout.reserve.reserve(sale.saleId(), shopper, 1, "retry-after-reopen-1").order();
        Instant now = checkout.clock.instant();
        checkout.sales.reopen(sale.saleId(), now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));

        Reservation retried = checkout.reserve.reserve(sale.saleId(), shopper, 1, "retry-after-reopen-1");

        assertThat(retried.replayed()).isTrue();
        assertThat(retried.order().orderId()).isEqualTo(first.orderId());
        assertThrows(CheckoutException.SaleNotOpen.class,
                () -> checkout.reserve.reserve(sale.saleId(), shopper, 1, "retry-after-reopen-2"));
        assertThat(checkout.audit.assertInvariants(sale.saleId()).shardTotal()).isEqualTo(4);
    }
}
