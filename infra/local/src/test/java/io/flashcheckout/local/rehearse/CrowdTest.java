package io.flashcheckout.local.rehearse;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrowdTest {
    private static final Crowd.Shares SHARES = new Crowd.Shares(0.1, 0.05, 0.55, 0.1, 0.05, 0.05, 0.1);

    @Test
    void theSameSeedDrawsTheSameCrowdAndAnotherSeedAnotherOne() {
        ArrivalCurve burst = new ArrivalCurve(ArrivalCurve.Shape.BURST, 2, 30);
        assertThat(Crowd.draw(1_000, 2, burst, SHARES, 7)).isEqualTo(Crowd.draw(1_000, 2, burst, SHARES, 7));
        assertThat(Crowd.draw(1_000, 2, burst, SHARES, 7)).isNotEqualTo(Crowd.draw(1_000, 2, burst, SHARES, 8));
    }

    @Test
    void aBurstBringsHalfTheCrowdWithinTheFirstHalfLifeAndEveryoneWithinTheWindow() {
        Crowd crowd = Crowd.draw(20_000, 2, new ArrivalCurve(ArrivalCurve.Shape.BURST, 2, 30), SHARES, 42);

        long firstHalfLife = crowd.shoppers().stream().filter(s -> s.arrivalMillis() < 2_000).count();
        assertThat(firstHalfLife).isBetween(9_600L, 10_400L);
        assertThat(crowd.shoppers()).allSatisfy(s -> assertThat(s.arrivalMillis()).isBetween(0L, 30_000L));
        assertThat(crowd.shoppers()).isSortedAccordingTo(java.util.Comparator.comparingLong(Shopper::arrivalMillis));
    }

    @Test
    void fatesFollowTheSharesAndWhatIsLeftWalksAway() {
        Crowd crowd = Crowd.draw(20_000, 2, new ArrivalCurve(ArrivalCurve.Shape.FLAT, 2, 10), SHARES, 42);
        Map<Fate, Long> fates = crowd.shoppers().stream().collect(Collectors.groupingBy(Shopper::fate, Collectors.counting()));

        assertThat(fates.get(Fate.PAY_APPROVED)).isBetween(10_700L, 11_300L);
        assertThat(fates.get(Fate.WALK_AWAY)).isBetween(2_800L, 3_200L);
        assertThat(fates.get(Fate.PAY_THEN_CANCEL)).isBetween(850L, 1_150L);
        assertThat(crowd.shoppers()).allSatisfy(s -> assertThat(s.quantity()).isBetween(1, 2));
        assertThat(crowd.shoppers().stream().map(Shopper::customerId).distinct().count()).isEqualTo(20_000);
        assertThat(crowd.shoppers().stream().filter(Shopper::greedy).count()).isBetween(850L, 1_150L);
    }

    @Test
    void sharesThatCannotBeAreRefused() {
        assertThatThrownBy(() -> new Crowd.Shares(0, 0, 0.6, 0.3, 0.1, 0.1, 0))
                .hasMessageContaining("more than 1");
        assertThatThrownBy(() -> new Crowd.Shares(-0.1, 0, 0, 0, 0, 0, 0)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ArrivalCurve.shape("spiky")).hasMessageContaining("burst or flat");
    }
}
