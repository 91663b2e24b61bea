package io.flashcheckout.local.rehearse;

import io.flashcheckout.local.LocalStack;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * {@code redmi-india}: 40,000 phones sold in 4.2 seconds (about 9,500 orders a second at the peak). The whole
 * service (the API's functions and the workers, not only the store) behind DynamoDB's per-partition write caps,
 * 32 stock shards, scaled as the hot-partition benchmark scales: the stock is divided by k and the cap of every
 * shared key (stock shards, the sale item, the byDue index partitions) by k_c >= k, so the sale sells k_c / k times
 * slower than the real one would and simulated time = measured time x k / k_c. A shopper's own keys keep the real
 * cap. Shoppers (twice the stock, limit 1) arrive evenly over the story's 4.2 s, scaled by the same clock, and all
 * pay. Target: sold out in at most 4.2 s simulated; the reserve latency percentiles are reported as measured.
 *
 * <p>Against a deployment ({@code --api}) the caps are the deployment's own (on AWS, DynamoDB's), so nothing is scaled:
 * full is the story itself (40,000 units, 80,000 shoppers over 4.2 s, k = k_c = 1), ci its 100 units over the same
 * 4.2 s. The shelf is watched when the options reach the tables; otherwise the sale counts as sold out at the last
 * reservation the crowd got, once it had reserved the whole stock.
 */
final class RedmiIndia implements Scenario {
    static final long STORY_UNITS = 40_000;
    static final double STORY_SECONDS = 4.2;
    static final int SHARDS = 32;

    /** k and k_c for a size: full as the benchmark ran it (k 25, k_c 340); ci a sixteenth of the stock. */
    record Scale(double k, double kc) {
        double clock() {
            return k / kc;
        }

        long stock() {
            return Math.round(STORY_UNITS / k);
        }
    }

    @Override
    public String name() {
        return "redmi-india";
    }

    @Override
    public String proves() {
        return "40,000 units sell out in at most 4.2 s (simulated) with the whole service behind DynamoDB's "
                + "per-partition write caps on 32 shards";
    }

    static Scale scale(Size size) {
        return size == Size.FULL ? new Scale(25, 340) : new Scale(400, 1600);
    }

    /** On a deployment: its own caps, real time; the ci size keeps the embedded ci size's stock. */
    static Scale deploymentScale(Size size) {
        return size == Size.FULL ? new Scale(1, 1) : new Scale(400, 400);
    }

    @Override
    public List<Run> runs(Size size) {
        Scale scale = scale(size);
        List<String> options = new ArrayList<>(List.of("--throttle", "--throttle-scale", fmt(scale.kc())));
        options.addAll(crowd(scale));
        return List.of(new Run(String.format(Locale.ROOT, "%,d units (40,000 / k, k = %.0f), shared keys capped at 1,000 / "
                + "k_c (k_c = %.0f): simulated time = measured x %.4f", scale.stock(), scale.k(), scale.kc(), scale.clock()),
                options, new Hooks(scale, true)));
    }

    @Override
    public List<Run> runsOnDeployment(Size size) {
        Scale scale = deploymentScale(size);
        return List.of(new Run(String.format(Locale.ROOT, "%,d units on the deployment's own write caps, in real time",
                scale.stock()), crowd(scale), new Hooks(scale, false)));
    }

    /** Twice the stock in shoppers (limit 1, all pay) arriving evenly over the story's 4.2 s on the scale's clock. */
    private static List<String> crowd(Scale scale) {
        long stock = scale.stock();
        return List.of("--shards", Integer.toString(SHARDS),
                "--stock", Long.toString(stock), "--shoppers", Long.toString(2 * stock), "--limit", "1",
                "--curve", "flat", "--window", fmt(STORY_SECONDS / scale.clock()), "--hold-seconds", "60",
                "--pay-share", "1", "--decline-share", "0", "--timeout-share", "0", "--refund-share", "0",
                "--cancel-share", "0", "--retry-share", "0.1", "--greedy-share", "0");
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Watches the shelf and, at the end, scales the time to sell out by the clock and reports reserve latency. */
    static final class Hooks implements ScenarioHooks {
        private final Scale scale;
        /** the run emulates the caps, so it needs the embedded stack */
        private final boolean embeddedOnly;
        private SoldOutWatch watch;
        private boolean embedded;

        Hooks(Scale scale, boolean embeddedOnly) {
            this.scale = scale;
            this.embeddedOnly = embeddedOnly;
        }

        @Override
        public void started(LocalStack stack) {
            embedded = true;
        }

        @Override
        public void opening(Instant opensAt, Target target, SaleSpec sale) {
            if (embeddedOnly && !embedded) {
                throw new IllegalStateException("redmi-india emulates DynamoDB's caps: it runs on the embedded stack");
            }
            if (target.dynamo() != null) {
                watch = new SoldOutWatch(new DynamoSaleStore(target.dynamo(), target.tables()), sale.saleId(), opensAt);
            }
        }

        @Override
        public boolean targetsMet(Rehearsal.Outcome outcome, PrintWriter out) {
            double measured;
            if (watch != null) {
                watch.close();
                measured = watch.soldOutSeconds();
            } else {
                // the tables out of reach: the last reservation the crowd got, if the whole stock was reserved
                long last = outcome.tally().lastReservationNanos();
                long reserved = outcome.orders().size();
                measured = last < 0 || reserved < scale.stock() ? -1 : last / 1e9;
                out.println();
                out.println("redmi-india: the tables are out of reach (no --dynamodb-endpoint): sold out is the last "
                        + "reservation the crowd got, once it had reserved the whole stock");
            }
            double simulated = measured < 0 ? -1 : measured * scale.clock();
            Histogram response = outcome.tally().latency(Route.RESERVE, Tally.Part.RESPONSE);
            Histogram service = outcome.tally().latency(Route.RESERVE, Tally.Part.SERVICE);
            out.println();
            out.printf(Locale.ROOT, "redmi-india: %,d units on %d shards; k = %.0f, k_c = %.0f (clock %.4f); the shelf empty at "
                            + "%.2f s measured after the opening%n", scale.stock(), SHARDS, scale.k(), scale.kc(), scale.clock(),
                    measured);
            out.printf(Locale.ROOT, "  reserve response (from when due) p50 %s / p95 %s / p99 %s / max %s; service (sent to "
                            + "answered) p50 %s / p99 %s; measured, not scaled (the caps, not the clock, set them)%n",
                    ms(response, 50), ms(response, 95), ms(response, 99), ms(response, 100), ms(service, 50), ms(service, 99));
            long soldUnits = outcome.orders().values().stream().filter(o -> o.path("status").asText().equals("PAID"))
                    .mapToLong(o -> o.path("quantity").asLong(1)).sum();
            List<ScenarioTarget> targets = List.of(
                    new ScenarioTarget("40,000 units sold out in 4.2 s (simulated)", "<= 4.20 s",
                            simulated < 0 ? "the shelf never emptied"
                                    : String.format(Locale.ROOT, "%.2f s simulated (%.2f s measured x %.4f)", simulated, measured,
                                    scale.clock()),
                            simulated >= 0 && simulated <= STORY_SECONDS),
                    new ScenarioTarget("every unit sold, none twice", scale.stock() + " paid",
                            soldUnits + " paid", soldUnits == scale.stock()));
            return ScenarioTarget.print("redmi-india", targets, out);
        }

        private static String ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", h.getValueAtPercentile(percentile) / 1000.0);
        }
    }
}
