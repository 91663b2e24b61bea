package io.flashcheckout.local.rehearse;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a crowd is cut into slices, and what a Lambda slice's event may say. No stack: these run in milliseconds. */
class SlicesTest {
    private static final Crowd.Shares SHARES = new Crowd.Shares(0.1, 0.05, 0.55, 0.1, 0.05, 0.05, 0.1);

    @Test
    void theSlicesOfACrowdAreEveryShopperOnceTheSameForTheSameSeed() {
        Crowd crowd = Crowd.draw(1000, 2, new ArrivalCurve(ArrivalCurve.Shape.BURST, 2, 30), SHARES, 42);
        Set<Shopper> seen = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            List<Shopper> slice = crowd.slice(new SliceFiles.Slice(i, 3));
            assertThat(slice).isSortedAccordingTo(java.util.Comparator.comparingLong(Shopper::arrivalMillis));
            for (Shopper s : slice) {
                assertThat(seen.add(s)).as("shopper %d in one slice only", s.index()).isTrue();
            }
            Crowd again = Crowd.draw(1000, 2, new ArrivalCurve(ArrivalCurve.Shape.BURST, 2, 30), SHARES, 42);
            assertThat(again.slice(new SliceFiles.Slice(i, 3))).isEqualTo(slice);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void aSliceIsIOfNWithinBounds() {
        assertThat(SliceFiles.Slice.parse("2/8")).isEqualTo(new SliceFiles.Slice(2, 8));
        for (String bad : List.of("0/2", "3/2", "1/0", "-1/2", "1", "1/2/3", "a/b", "1/99999999999")) {
            assertThatThrownBy(() -> SliceFiles.Slice.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aLambdaSlicesEventSetsTheCrowdAndTheApiButNoSecretsFilesOrEndpoints() {
        assertThat(SliceFunction.options(Map.of("slice", "3/16", "options", List.of("--api", "https://api.example",
                "--shoppers", "60542", "--seed", "42")))).containsExactly("--api", "https://api.example", "--shoppers",
                "60542", "--seed", "42", "--slice", "3/16");
        for (String refused : List.of("--jwt-secret", "--tokens-file", "--admin-token", "--out", "--report",
                "--dynamodb-endpoint", "--psp-url", "--slice", "--same-jvm", "--throttle")) {
            assertThatThrownBy(() -> SliceFunction.options(Map.of("slice", "1/2", "options", List.of(refused, "x"))))
                    .as(refused).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SliceFunction.options(Map.of("options", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SliceFunction.options(Map.of("slice", "1/2", "options", List.of("--seed"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
