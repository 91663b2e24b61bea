package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The waiting room's figures of a rehearsal, beside their targets: time in queue, how soon waiting shoppers learnt
 * that the shelf was empty, fairness (queue rank against the order of reservation success, and the units that went to
 * the best-ranked) and what the scalpers got per card.
 */
final class AdmissionFigures {
    private final List<String> lines = new ArrayList<>();

    static AdmissionFigures of(QueueJourney room, long preQueueRanks, Scalpers scalpers, int perCustomerLimit,
                               Map<String, JsonNode> orders) {
        AdmissionFigures f = new AdmissionFigures();
        List<QueueJourney.Visit> visits = List.copyOf(room.visits());
        long joined = visits.stream().filter(v -> v.joinedNanos > 0).count();
        long preQueue = visits.stream().filter(v -> v.rank >= 0 && v.rank < preQueueRanks).count();
        long admitted = visits.stream().filter(v -> v.admittedNanos > 0).count();
        long polls = visits.stream().mapToLong(v -> v.polls).sum();
        f.line("shoppers joined %,d (%,d in the pre-queue, random ranks), admitted %,d, status polls %,d (%.1f per shopper)",
                joined, preQueue, admitted, polls, joined == 0 ? 0.0 : polls / (double) joined);

        List<Double> waits = visits.stream().filter(v -> v.admittedNanos > 0)
                .map(v -> (v.admittedNanos - Math.max(v.joinedNanos, v.arrivedNanos)) / 1e9).sorted().toList();
        f.line("time in queue (admitted shoppers, from arrival): p50 %s, p99 %s, max %s",
                seconds(percentile(waits, 0.50)), seconds(percentile(waits, 0.99)), seconds(percentile(waits, 1.0)));

        long emptied = room.shelfEmptyNanos();
        List<QueueJourney.Visit> waiting = visits.stream().filter(v -> emptied > 0 && v.joinedNanos > 0 && v.joinedNanos < emptied
                && (v.admittedNanos == 0 || v.admittedNanos > emptied)).toList();
        if (emptied == 0) {
            f.line("shelf empty -> waiting shoppers told: not measured (the shelf never emptied, or the tables cannot be read)");
        } else {
            List<Double> delays = new ArrayList<>();
            int within = 0;
            int untold = 0;
            int earlier = 0;
            double worstOverPoll = Double.NEGATIVE_INFINITY;
            for (QueueJourney.Visit v : waiting) {
                if (v.finalSeenNanos == 0) {
                    untold++; // admitted before being told (its poll came before the advancer saw the empty shelf)
                    continue;
                }
                if (v.finalSeenNanos < emptied) {
                    earlier++; // told in an earlier empty stretch, and left
                    continue;
                }
                double delay = (v.finalSeenNanos - emptied) / 1e9;
                delays.add(delay);
                double overPoll = delay - v.lastRetryAfterSeconds;
                worstOverPoll = Math.max(worstOverPoll, overPoll);
                if (overPoll <= 1.0) {
                    within++;
                }
            }
            delays.sort(Comparator.naturalOrder());
            f.line("shelf empty for good (every shard read at 0, the last of %d times) -> each shopper then waiting told "
                            + "ALL_HELD/SOLD_OUT: %,d shoppers, "
                            + "delay p50 %s, p99 %s, max %s; delay minus the shopper's own last Retry-After: worst %s "
                            + "(target <= 1 s): %s; %,d of %,d within",
                    room.emptyStretches(), delays.size(), seconds(percentile(delays, 0.5)), seconds(percentile(delays, 0.99)),
                    seconds(percentile(delays, 1.0)),
                    delays.isEmpty() ? "-" : seconds(worstOverPoll), delays.isEmpty() ? "not measured" : worstOverPoll <= 1.0 ? "met" : "NOT met",
                    within, delays.size());
            if (earlier > 0) {
                f.line("  (%,d were told in an earlier empty stretch and left; units came back after)", earlier);
            }
            if (untold > 0) {
                f.line("  (%,d of those waiting were admitted instead: their turn came as the last units went)", untold);
            }
        }

        // fairness as the issue words it: queue rank against the order in which the shoppers' reservations succeeded
        // (among those who got units; a Spearman against a 0/1 success is capped far below 1 by the share that wins)
        List<QueueJourney.Visit> fifoWon = visits.stream().filter(v -> v.reservedNanos > 0 && v.rank >= preQueueRanks).toList();
        List<QueueJourney.Visit> won = visits.stream().filter(v -> v.reservedNanos > 0 && v.rank >= 0).toList();
        double fifoRho = spearman(fifoWon, v -> v.reservedNanos);
        f.line("fairness, Spearman rank correlation of queue rank and the order of reservation success: FIFO arrivals %s over %,d "
                        + "(target >= 0.90: %s), everyone %s over %,d",
                rho(fifoRho), fifoWon.size(), Double.isNaN(fifoRho) ? "not measured" : fifoRho >= 0.9 ? "met" : "NOT met",
                rho(spearman(won, v -> v.reservedNanos)), won.size());
        f.line("fairness, units to the best-ranked: FIFO arrivals %s; everyone %s",
                bestRanked(fifoWon, visits.stream().filter(v -> v.rank >= preQueueRanks).toList()),
                bestRanked(won, visits.stream().filter(v -> v.rank >= 0).toList()));

        List<QueueJourney.Visit> fifo = visits.stream().filter(v -> v.admittedNanos > 0 && v.rank >= preQueueRanks).toList();
        List<QueueJourney.Visit> all = visits.stream().filter(v -> v.admittedNanos > 0).toList();
        f.line("the room's order: Spearman of queue rank and the moment the shopper's poll saw YOUR_TURN: FIFO arrivals %s over %,d, "
                        + "everyone %s over %,d",
                rho(spearman(fifo, v -> v.admittedNanos)), fifo.size(), rho(spearman(all, v -> v.admittedNanos)), all.size());

        List<Long> joinedRanks = visits.stream().filter(v -> v.rank >= 0).map(v -> v.rank).sorted().toList();
        if (!all.isEmpty() && !joinedRanks.isEmpty()) {
            long cutoff = joinedRanks.get(Math.min(joinedRanks.size(), all.size()) - 1);
            long inFront = all.stream().filter(v -> v.rank <= cutoff).count();
            f.line("the room's decision: %,d of the %,d admitted hold the %,d best ranks of everyone who joined (%.1f%%)",
                    inFront, all.size(), all.size(), 100.0 * inFront / all.size());
        }

        if (scalpers != null && scalpers.accounts() > 0) {
            Map<String, Long> paid = new HashMap<>();
            Map<String, Long> reserved = new HashMap<>();
            for (JsonNode order : orders.values()) {
                String card = scalpers.cardOf(order.path("customerId").asText());
                if (card != null) {
                    long units = order.path("quantity").asLong();
                    reserved.merge(card, units, Long::sum);
                    if ("PAID".equals(order.path("status").asText())) {
                        paid.merge(card, units, Long::sum);
                    }
                }
            }
            long worst = paid.values().stream().mapToLong(Long::longValue).max().orElse(0);
            long over = paid.values().stream().filter(u -> u > perCustomerLimit).count();
            long paidUnits = paid.values().stream().mapToLong(Long::longValue).sum();
            long reservedUnits = reserved.values().stream().mapToLong(Long::longValue).sum();
            long worstReserved = reserved.values().stream().mapToLong(Long::longValue).max().orElse(0);
            f.line("scalpers: %,d people with %,d accounts and %,d cards; units reserved %,d (most on one card %,d), paid %,d; "
                            + "most paid on one card %,d against the limit %d: %s (%,d cards over)",
                    scalpers.people(), scalpers.accounts(), scalpers.cards(), reservedUnits, worstReserved, paidUnits, worst,
                    perCustomerLimit, reservedUnits > 0 && paidUnits == 0 ? "not measured" : worst <= perCustomerLimit ? "met" : "NOT met", over);
            if (reservedUnits > 0 && paidUnits == 0) {
                f.line("  (no scalper payment went through: the provider declined every tok_approve_<card>; card tokens and the "
                        + "per-card limit come with the limits part of issue 14)");
            }
        }
        return f;
    }

    void print(PrintWriter out) {
        out.println();
        out.println("Waiting room");
        lines.forEach(l -> out.println("  " + l));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Of the units the {@code won} shoppers reserved, the share that went to the n best-ranked of {@code joined}, n being
     * how many shoppers won (where a strict line would have sent them, had every shopper up front still wanted one).
     */
    static String bestRanked(List<QueueJourney.Visit> won, List<QueueJourney.Visit> joined) {
        long units = won.stream().mapToLong(v -> v.units).sum();
        if (won.isEmpty() || joined.isEmpty()) {
            return "not measured (no units)";
        }
        List<Long> ranks = joined.stream().map(v -> v.rank).sorted().toList();
        long cutoff = ranks.get(Math.min(ranks.size(), won.size()) - 1);
        long toBest = won.stream().filter(v -> v.rank <= cutoff).mapToLong(v -> v.units).sum();
        return String.format(Locale.ROOT, "%,d of %,d units to the %,d best-ranked shoppers (%.1f%%)", toBest, units,
                won.size(), 100.0 * toBest / units);
    }

    /** Spearman's rho of queue rank against {@code moment} (ties in either share their mean rank). */
    static double spearman(List<QueueJourney.Visit> visits, java.util.function.ToLongFunction<QueueJourney.Visit> moment) {
        int n = visits.size();
        if (n < 3) {
            return Double.NaN;
        }
        double[] byRank = ranks(visits, v -> v.rank);
        double[] byMoment = ranks(visits, moment);
        double meanA = mean(byRank);
        double meanB = mean(byMoment);
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < n; i++) {
            cov += (byRank[i] - meanA) * (byMoment[i] - meanB);
            varA += Math.pow(byRank[i] - meanA, 2);
            varB += Math.pow(byMoment[i] - meanB, 2);
        }
        return varA == 0 || varB == 0 ? Double.NaN : cov / Math.sqrt(varA * varB);
    }

    private static String rho(double rho) {
        return Double.isNaN(rho) ? "-" : String.format(Locale.ROOT, "%.3f", rho);
    }

    private static double[] ranks(List<QueueJourney.Visit> visits, java.util.function.ToLongFunction<QueueJourney.Visit> key) {
        int n = visits.size();
        Integer[] index = new Integer[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        java.util.Arrays.sort(index, (a, b) -> Long.compare(key.applyAsLong(visits.get(a)), key.applyAsLong(visits.get(b))));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && key.applyAsLong(visits.get(index[j + 1])) == key.applyAsLong(visits.get(index[i]))) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[index[k]] = mean;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1 < 0 ? 0 : (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.2f s", s);
    }

    private void line(String format, Object... args) {
        lines.add(String.format(Locale.ROOT, format, args));
    }
}
