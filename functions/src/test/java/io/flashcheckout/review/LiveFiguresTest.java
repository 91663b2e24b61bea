package io.flashcheckout.review;

import io.flashcheckout.checkout.OrderStatus;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveFiguresTest {
    private static final Instant NOW = Instant.parse("2026-12-24T10:00:00Z");

    @Test
    void countsRecentOrdersAndHoldsEndingWithinAMinuteOnly() {
        LiveFigures.Tally tally = new LiveFigures.Tally(NOW);
        tally.add(OrderStatus.RESERVED, 2, NOW.minusSeconds(10), NOW.plusSeconds(60), false); // both edges count
        tally.add(OrderStatus.RESERVED, 1, NOW.minusSeconds(11), NOW.plusSeconds(61), true);
        tally.add(OrderStatus.RESERVED, 1, NOW.minusSeconds(30), NOW.minusSeconds(1), false); // ended, not yet expired
        tally.add(OrderStatus.PAID, 3, NOW.minusSeconds(1), NOW.plusSeconds(5), false); // paid: no hold to end

        LiveFigures figures = tally.figures();

        assertThat(figures.createdRecently()).isEqualTo(2);
        assertThat(figures.holdsEndingSoonOrders()).isEqualTo(1);
        assertThat(figures.holdsEndingSoonUnits()).isEqualTo(2);
        assertThat(figures.declined()).isEqualTo(1);
        assertThat(figures.byStatus().get(OrderStatus.RESERVED)).isEqualTo(new LiveFigures.Count(3, 4));
        assertThat(figures.byStatus().get(OrderStatus.PAID)).isEqualTo(new LiveFigures.Count(1, 3));
        assertThat(figures.byStatus().get(OrderStatus.EXPIRED)).isEqualTo(new LiveFigures.Count(0, 0));
        assertThat(figures.truncated()).isFalse();
    }

    @Test
    void stopsAtTheCeilingAndSaysSo() {
        LiveFigures.Tally tally = new LiveFigures.Tally(NOW);
        for (int i = 0; i < LiveFigures.MAX_ORDERS; i++) {
            assertThat(tally.add(OrderStatus.PAID, 1, NOW, null, false)).isTrue();
        }
        assertThat(tally.add(OrderStatus.PAID, 1, NOW, null, false)).isFalse();
        assertThat(tally.figures().ordersCounted()).isEqualTo(LiveFigures.MAX_ORDERS);
        assertThat(tally.figures().truncated()).isTrue();
    }
}
