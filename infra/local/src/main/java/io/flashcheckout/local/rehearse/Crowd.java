package io.flashcheckout.local.rehearse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shoppers of a rehearsal, drawn from a seed so the same options give the same crowd. Shares of fates are
 * fractions of the shoppers who get a reservation; what is left after pay, decline, timeout and cancel walks away.
 */
record Crowd(List<Shopper> shoppers) {

    record Shares(double retry, double greedy, double payApproved, double payDeclined, double payTimeout, double payThenCancel,
                  double cancel) {
        Shares {
            for (double share : new double[] {retry, greedy, payApproved, payDeclined, payTimeout, payThenCancel, cancel}) {
                if (share < 0 || share > 1) {
                    throw new IllegalArgumentException("every share must be between 0 and 1");
                }
            }
            if (payApproved + payDeclined + payTimeout + payThenCancel + cancel > 1 + 1e-9) {
                throw new IllegalArgumentException("the shares of pay, decline, timeout, refund and cancel add up to more than 1");
            }
        }
    }

    /**
     * Shoppers who come after the rush, evenly over {@code windowSeconds} from {@code fromSeconds} after the opening
     * (e.g. from when the rush's holds end), and who, answered sold-out, try again every {@code retrySeconds} until
     * the window closes: they are reserving while the holds end.
     */
    record Late(int count, double fromSeconds, double windowSeconds, double retrySeconds) {
        static final Late NONE = new Late(0, 0, 1, 1);

        Late {
            if (count < 0 || fromSeconds < 0 || windowSeconds <= 0 || retrySeconds <= 0) {
                throw new IllegalArgumentException("late shoppers: the count and the start must not be negative, the "
                        + "window and the retry interval must be positive");
            }
        }

        long untilMillis() {
            return Math.round((fromSeconds + windowSeconds) * 1000);
        }
    }

    static Crowd draw(int size, int perCustomerLimit, ArrivalCurve curve, Shares shares, long seed) {
        return draw(size, perCustomerLimit, curve, shares, Late.NONE, seed);
    }

    static Crowd draw(int size, int perCustomerLimit, ArrivalCurve curve, Shares shares, Late late, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Shopper> shoppers = new ArrayList<>(size + late.count());
        for (int i = 0; i < size + late.count(); i++) {
            // most want one unit; some ask for as many as they may have
            int quantity = perCustomerLimit > 1 && random.nextDouble() < 0.2 ? 1 + random.nextInt(perCustomerLimit) : 1;
            int retries = random.nextDouble() < shares.retry() ? 1 + random.nextInt(3) : 0;
            boolean greedy = random.nextDouble() < shares.greedy();
            String customerId = String.format("rehearsal-shopper-%06d", i);
            // drawn in this order so a seed gives the crowd it gave before late shoppers existed
            if (i < size) {
                long arrival = curve.arrivalMillis(random);
                shoppers.add(new Shopper(i, customerId, arrival, quantity, retries, greedy, fate(random.nextDouble(), shares)));
            } else {
                long arrival = Math.round((late.fromSeconds() + random.nextDouble() * late.windowSeconds()) * 1000);
                shoppers.add(new Shopper(i, customerId, arrival, quantity, retries, greedy, fate(random.nextDouble(), shares),
                        late.untilMillis()));
            }
        }
        shoppers.sort(Comparator.comparingLong(Shopper::arrivalMillis));
        return new Crowd(List.copyOf(shoppers));
    }

    /** The shoppers of one slice, in arrival order: the same crowd, cut by shopper index, whatever the slices' machines. */
    List<Shopper> slice(SliceFiles.Slice slice) {
        return shoppers.stream().filter(slice::has).toList();
    }

    private static Fate fate(double roll, Shares shares) {
        double edge = shares.payApproved();
        if (roll < edge) {
            return Fate.PAY_APPROVED;
        }
        if (roll < (edge += shares.payDeclined())) {
            return Fate.PAY_DECLINED;
        }
        if (roll < (edge += shares.payTimeout())) {
            return Fate.PAY_TIMEOUT;
        }
        if (roll < (edge += shares.payThenCancel())) {
            return Fate.PAY_THEN_CANCEL;
        }
        if (roll < edge + shares.cancel()) {
            return Fate.CANCEL;
        }
        return Fate.WALK_AWAY;
    }
}
