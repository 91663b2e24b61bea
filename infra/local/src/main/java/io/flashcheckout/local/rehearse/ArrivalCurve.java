package io.flashcheckout.local.rehearse;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * When shoppers arrive after the opening. {@code burst}: the arrival rate halves every {@code halfLife} seconds,
 * so half the crowd is there within the first half-life, as at a flash sale's opening; {@code flat}: evenly over
 * {@code window} seconds. Arrivals after {@code window} are folded back into it, so the crowd always arrives
 * within the window.
 */
record ArrivalCurve(Shape shape, double halfLifeSeconds, double windowSeconds) {

    enum Shape { BURST, FLAT }

    ArrivalCurve {
        if (halfLifeSeconds <= 0 || windowSeconds <= 0) {
            throw new IllegalArgumentException("the half-life and the window must be positive");
        }
    }

    static Shape shape(String name) {
        try {
            return Shape.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("curve must be burst or flat, not " + name);
        }
    }

    long arrivalMillis(RandomGenerator random) {
        double seconds = switch (shape) {
            case FLAT -> random.nextDouble() * windowSeconds;
            case BURST -> {
                double t = -Math.log(1 - random.nextDouble()) * halfLifeSeconds / Math.log(2);
                yield t % windowSeconds;
            }
        };
        return Math.round(seconds * 1000);
    }

    @Override
    public String toString() {
        return shape == Shape.FLAT ? String.format(Locale.ROOT, "flat over %.0f s", windowSeconds)
                : String.format(Locale.ROOT, "burst (rate halves every %.1f s, all within %.0f s)", halfLifeSeconds, windowSeconds);
    }
}
