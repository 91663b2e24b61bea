package io.flashcheckout.checkout;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The state machine of DESIGN.md, without any AWS: every allowed move, and every other one refused. */
class OrderStateMachineTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Map<OrderStatus, Set<OrderStatus>> DESIGN = Map.of(
            OrderStatus.RESERVED, EnumSet.of(OrderStatus.PAYING, OrderStatus.CANCELLED, OrderStatus.EXPIRED),
            OrderStatus.PAYING, EnumSet.of(OrderStatus.PAID, OrderStatus.RESERVED, OrderStatus.EXPIRED),
            OrderStatus.PAID, EnumSet.of(OrderStatus.REFUND_PENDING),
            OrderStatus.REFUND_PENDING, EnumSet.of(OrderStatus.REFUNDED),
            OrderStatus.REFUNDED, EnumSet.noneOf(OrderStatus.class),
            OrderStatus.CANCELLED, EnumSet.noneOf(OrderStatus.class),
            OrderStatus.EXPIRED, EnumSet.noneOf(OrderStatus.class));

    @ParameterizedTest
    @EnumSource(OrderStatus.class)
    void onlyTheMovesOfTheDesignAreAllowed(OrderStatus from) {
        for (OrderStatus to : OrderStatus.values()) {
            assertEquals(DESIGN.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
        }
    }

    @Test
    void stockIsHeldExactlyByReservedPayingAndPaid() {
        assertEquals(EnumSet.of(OrderStatus.RESERVED, OrderStatus.PAYING, OrderStatus.PAID),
                EnumSet.copyOf(java.util.Arrays.stream(OrderStatus.values()).filter(OrderStatus::holdsStock).toList()));
    }

    @Test
    void aPaymentRunsThroughItsStatesAndCountsAttempts() {
        Order reserved = order(OrderStatus.RESERVED);
        Order paying = reserved.startPayment(NOW);
        Order declined = paying.declined("card_declined", NOW);
        Order payingAgain = declined.startPayment(NOW);
        Order paid = payingAgain.paid("ch_1", NOW);

        assertEquals(2, payingAgain.paymentAttempt());
        assertEquals(reserved.orderId() + "/2", payingAgain.chargeKey());
        assertEquals(OrderStatus.PAID, paid.status());
        assertEquals(reserved.version() + 4, paid.version());
        assertThat(paid.declineReason()).isNull();
        assertEquals(OrderStatus.REFUND_PENDING, paid.cancelled("scalper", "rf-1", NOW).status());
    }

    @Test
    void refusedMovesThrow() {
        assertThrows(IllegalTransitionException.class, () -> order(OrderStatus.RESERVED).paid("ch", NOW));
        assertThrows(IllegalTransitionException.class, () -> order(OrderStatus.PAID).expired(NOW));
        assertThrows(IllegalTransitionException.class, () -> order(OrderStatus.PAID).startPayment(NOW));
        assertThrows(IllegalTransitionException.class, () -> order(OrderStatus.CANCELLED).cancelled("again", null, NOW));
        assertThrows(IllegalTransitionException.class, () -> order(OrderStatus.EXPIRED).startPayment(NOW));
        assertThrows(IllegalTransitionException.class, () -> order(OrderStatus.REFUNDED).refunded(NOW));
        assertThrows(IllegalTransitionException.class, () -> order(OrderStatus.RESERVED).refunded(NOW));
    }

    @Test
    void orderIdsDependOnCustomerAndKeyOnly() {
        assertEquals(OrderIds.of("alice", "key-00001"), OrderIds.of("alice", "key-00001"));
        assertThat(OrderIds.of("alice", "key-00001")).isNotEqualTo(OrderIds.of("bob", "key-00001"));
        assertThat(OrderIds.of("alice", "key-00001")).isNotEqualTo(OrderIds.of("alice", "key-00002"));
        assertThat(OrderIds.isWellFormed(OrderIds.of("alice", "key-00001"))).isTrue();
    }

    @Test
    void newSalesSplitStockEvenlyAndChooseShardsFromStock() {
        NewSale sale = new NewSale("demo", "SKU", "Demo", Money.of("1.00", "EUR"), 10L, null,
                NOW, NOW.plusSeconds(3600), null, 4).validate();
        assertThat(sale.initialShardStock()).containsExactly(3, 3, 2, 2);
        assertEquals(1, sale.perCustomerLimit());
        assertEquals(600, sale.holdSeconds());
        assertEquals(1, NewSale.defaultShards(0));
        assertEquals(10, NewSale.defaultShards(5_000));
        assertEquals(32, NewSale.defaultShards(40_000));
        assertEquals(32, NewSale.defaultShards(1_000_000));
        assertEquals(new Money(new java.math.BigDecimal("39.98"), "EUR"), Money.of("19.99", "EUR").times(2));
    }

    private static Order order(OrderStatus status) {
        return new Order("o-" + "a".repeat(32), "sale", "alice", 1, Money.of("10.00", "EUR"), status, 0,
                NOW.plusSeconds(600), 1, NOW, NOW, "hash", 0, null, null, null, null, null, null, null);
    }
}
