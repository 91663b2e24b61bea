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

    static Crowd draw(int size, int perCustomerLimit, ArrivalCurve curve, Shares shares, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Shopper> shoppers = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // most want one unit; some ask for as many as they may have
            int quantity = perCustomerLimit > 1 && random.nextDouble() < 0.2 ? 1 + random.nextInt(perCustomerLimit) : 1;
            int retries = random.nextDouble() < shares.retry() ? 1 + random.nextInt(3) : 0;
            boolean greedy = random.nextDouble() < shares.greedy();
            shoppers.add(new Shopper(i, String.format("rehearsal-shopper-%06d", i), curve.arrivalMillis(random), quantity,
                    retries, greedy, fate(random.nextDouble(), shares)));
        }
        shoppers.sort(Comparator.comparingLong(Shopper::arrivalMillis));
        return new Crowd(List.copyOf(shoppers));
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
