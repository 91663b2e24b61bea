package io.flashcheckout.checkout;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm window's arithmetic: the lead before opening, a sale open already, the cap on long sales. */
class WarmupWindowTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final WarmupSettings SETTINGS = new WarmupSettings(Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofMinutes(1));

    @Test
    void aScheduledSaleIsWarmFromTheLeadBeforeItOpensUntilItCloses() {
        Instant opens = Instant.parse("2026-11-24T12:00:00Z");
        assertThat(WarmupWindow.of(opens, opens.plus(Duration.ofMinutes(30)), NOW, SETTINGS)).contains(
                new WarmupWindow(Instant.parse("2026-11-24T11:50:00Z"), Instant.parse("2026-11-24T12:30:00Z")));
    }

    @Test
    void aLongSaleIsWarmOnlyForTheLongestWindowFromItsOpening() {
        Instant opens = Instant.parse("2026-11-24T12:00:00Z");
        WarmupWindow window = WarmupWindow.of(opens, opens.plus(Duration.ofDays(7)), NOW, SETTINGS).orElseThrow();
        assertThat(window.coolAt()).isEqualTo(Instant.parse("2026-11-24T14:00:00Z"));
        assertThat(window.length()).isEqualTo(Duration.ofMinutes(130));
    }

    @Test
    void aSaleOpeningWithinItsLeadIsWarmedFromTheSoonestAScheduleMayStart() {
        Instant opens = NOW.plus(Duration.ofMinutes(3));
        assertThat(WarmupWindow.of(opens, opens.plus(Duration.ofHours(1)), NOW, SETTINGS).orElseThrow().warmAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aSaleOpenAlreadyIsWarmedFromNowUntilTheCapCountedFromItsOpening() {
        Instant opened = NOW.minus(Duration.ofMinutes(30));
        assertThat(WarmupWindow.of(opened, NOW.plus(Duration.ofDays(1)), NOW, SETTINGS)).contains(
                new WarmupWindow(NOW.plus(Duration.ofMinutes(1)), opened.plus(Duration.ofHours(2))));
    }

    @Test
    void nothingIsWarmedWhenTheWindowWouldEndBeforeItCouldStart() {
        Instant opened = NOW.minus(Duration.ofHours(3));
        assertThat(WarmupWindow.of(opened, NOW.plus(Duration.ofHours(1)), NOW, SETTINGS)).isEmpty();
        assertThat(WarmupWindow.of(NOW, NOW.plus(Duration.ofSeconds(30)), NOW, SETTINGS)).as("closes within the notice").isEmpty();
    }

    @Test
    void timesAreRoundedUpToWholeSecondsAsAOneTimeScheduleTakesThem() {
        Instant now = NOW.plusMillis(250);
        Instant opens = now.plus(Duration.ofMinutes(2));
        WarmupWindow window = WarmupWindow.of(opens, opens.plus(Duration.ofMinutes(5)), now, SETTINGS).orElseThrow();
        assertThat(window.warmAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)).plusSeconds(1));
        assertThat(window.coolAt()).isEqualTo(NOW.plus(Duration.ofMinutes(7)).plusSeconds(1));
    }
}
