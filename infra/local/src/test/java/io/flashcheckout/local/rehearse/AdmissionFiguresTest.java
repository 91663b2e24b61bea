package io.flashcheckout.local.rehearse;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fairness measures of the waiting room's report, on visits made up here. */
class AdmissionFiguresTest {

    private static QueueJourney.Visit visit(long rank, long reservedNanos) {
        QueueJourney.Visit v = new QueueJourney.Visit("c-" + rank);
        v.rank = rank;
        v.reservedNanos = reservedNanos;
        v.units = reservedNanos > 0 ? 1 : 0;
        return v;
    }

    @Test
    void successInRankOrderIsOneAndReversedIsMinusOne() {
        List<QueueJourney.Visit> inOrder = new ArrayList<>();
        List<QueueJourney.Visit> reversed = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            inOrder.add(visit(i * 10L, i * 1_000L));
            reversed.add(visit(i * 10L, (51 - i) * 1_000L));
        }
        assertThat(AdmissionFigures.spearman(inOrder, v -> v.reservedNanos)).isCloseTo(1.0, within(1e-9));
        assertThat(AdmissionFigures.spearman(reversed, v -> v.reservedNanos)).isCloseTo(-1.0, within(1e-9));
    }

    @Test
    void neighboursSwappedInPairsKeepTheCorrelationHighWhereAZeroOneSuccessCouldNotReachIt() {
        List<QueueJourney.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            visits.add(visit(i, (i ^ 1) + 1)); // 1,0,3,2,...: each shopper one place off
        }
        assertThat(AdmissionFigures.spearman(visits, v -> v.reservedNanos)).isGreaterThan(0.99);
        assertThat(AdmissionFigures.spearman(visits.subList(0, 2), v -> v.reservedNanos)).as("too few to say").isNaN();
    }

    @Test
    void unitsToTheBestRankedCountsTheWinnersWithinTheHeadOfTheLine() {
        List<QueueJourney.Visit> joined = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            joined.add(visit(i, 0));
        }
        // four winners: ranks 0, 1, 2 and 7; the four best ranks are 0-3
        List<QueueJourney.Visit> won = List.of(visit(0, 5), visit(1, 6), visit(2, 7), visit(7, 8));
        assertThat(AdmissionFigures.bestRanked(won, joined)).isEqualTo("3 of 4 units to the 4 best-ranked shoppers (75.0%)");
        assertThat(AdmissionFigures.bestRanked(List.of(), joined)).startsWith("not measured");
    }
}
