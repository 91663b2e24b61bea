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
 * that the shelf was empty, fairness (queue rank against the order of admission) and what the scalpers got per card.
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

        List<QueueJourney.Visit> fifo = visits.stream().filter(v -> v.admittedNanos > 0 && v.rank >= preQueueRanks).toList();
        List<QueueJourney.Visit> all = visits.stream().filter(v -> v.admittedNanos > 0).toList();
        double fifoRho = spearman(fifo);
        f.line("fairness, Spearman rank correlation of queue rank and admission order: FIFO arrivals %s over %,d (target >= 0.90: %s), "
                        + "everyone %s over %,d",
                Double.isNaN(fifoRho) ? "-" : String.format(Locale.ROOT, "%.3f", fifoRho), fifo.size(),
                Double.isNaN(fifoRho) ? "not measured" : fifoRho >= 0.9 ? "met" : "NOT met",
                Double.isNaN(spearman(all)) ? "-" : String.format(Locale.ROOT, "%.3f", spearman(all)), all.size());

        List<Long> joinedRanks = visits.stream().filter(v -> v.rank >= 0).map(v -> v.rank).sorted().toList();
        if (!all.isEmpty() && !joinedRanks.isEmpty()) {
            long cutoff = joinedRanks.get(Math.min(joinedRanks.size(), all.size()) - 1);
            long inFront = all.stream().filter(v -> v.rank <= cutoff).count();
            f.line("fairness, the room's decision: %,d of the %,d admitted hold the %,d best ranks of everyone who joined (%.1f%%)",
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

    /** Spearman's rho of rank against admission time (ties in admission time share their mean rank). */
    static double spearman(List<QueueJourney.Visit> visits) {
        int n = visits.size();
        if (n < 3) {
            return Double.NaN;
        }
        double[] byRank = ranks(visits, Comparator.comparingLong(v -> v.rank), v -> v.rank);
        double[] byAdmission = ranks(visits, Comparator.comparingLong(v -> v.admittedNanos), v -> v.admittedNanos);
        double meanA = mean(byRank);
        double meanB = mean(byAdmission);
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < n; i++) {
            cov += (byRank[i] - meanA) * (byAdmission[i] - meanB);
            varA += Math.pow(byRank[i] - meanA, 2);
            varB += Math.pow(byAdmission[i] - meanB, 2);
        }
        return varA == 0 || varB == 0 ? Double.NaN : cov / Math.sqrt(varA * varB);
    }

    private static double[] ranks(List<QueueJourney.Visit> visits, Comparator<QueueJourney.Visit> order,
                                  java.util.function.ToLongFunction<QueueJourney.Visit> key) {
        int n = visits.size();
        Integer[] index = new Integer[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        java.util.Arrays.sort(index, (a, b) -> order.compare(visits.get(a), visits.get(b)));
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
