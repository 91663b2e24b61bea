package io.flashcheckout.local.rehearse;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** A rehearsal's outcome as a table on the terminal and as a self-contained HTML page with charts. */
final class RehearsalReport {
    record Fact(String name, String value) {}

    record Latency(String route, long count, String p50, String p95, String p99, String max, String serviceP50,
                   String serviceP99, String waitingP50, String waitingP99) {}

    record AnswerRow(String route, String answer, long count, String share) {}

    record CheckRow(int number, String name, String verdict, boolean passed, String detail) {}

    /** The template's MemorySize for the HTTP functions. */
    private static final double FUNCTION_GB = 1.0;

    private final String target;
    private final Instant finishedAt;
    private final List<Fact> facts = new ArrayList<>();
    private final List<Latency> latencies = new ArrayList<>();
    private final List<AnswerRow> answers = new ArrayList<>();
    private final List<CheckRow> checks = new ArrayList<>();
    private final List<Fact> queueFacts = new ArrayList<>();
    private final List<String> notes;
    private final Rehearsal.Outcome outcome;
    private final QueueFindings queues;

    RehearsalReport(String target, Rehearsal.Outcome outcome, Instant finishedAt) {
        this(target, outcome, null, finishedAt);
    }

    /** @param queues the throttle, the workers' failures and the queues at the end; null when out of reach */
    RehearsalReport(String target, Rehearsal.Outcome outcome, QueueFindings queues, Instant finishedAt) {
        this.target = target;
        this.outcome = outcome;
        this.queues = queues;
        this.finishedAt = finishedAt;
        this.notes = outcome.notes();
        Tally tally = outcome.tally();
        SaleSpec sale = outcome.sale();
        long reserved = tally.count(Route.RESERVE, "201");
        long[] perSecond = tally.reservationsPerSecond();
        long peak = java.util.Arrays.stream(perSecond).max().orElse(0);
        facts.add(new Fact("sale", sale.saleId() + ": " + number(sale.stock()) + " units, limit " + sale.perCustomerLimit()
                + " per customer, " + (sale.shards() == null ? "default" : sale.shards()) + " shards, hold "
                + sale.holdSeconds() + " s"));
        facts.add(new Fact("crowd", number(outcome.crowdSize()) + " shoppers; " + number(outcome.shoppersSent())
                + " sent" + (outcome.cutShort() ? " (cut short by --max-seconds)" : "")));
        facts.add(new Fact("traffic", seconds(outcome.trafficTook().toMillis() / 1000.0) + " from the opening to the last shopper's last answer"));
        Rehearsal.Traffic traffic = outcome.traffic();
        long[] due = tally.duePerSecond();
        long[] answered = tally.answersPerSecond();
        facts.add(new Fact("open model", "each request sent when due, latency from then; safety cap "
                + number(traffic.safetyCap()) + " requests open at once, reached " + number(traffic.capHits())
                + " times; at most " + number(traffic.mostInFlight()) + " open"));
        facts.add(new Fact("requests", number(tally.requests()) + "; due at most " + number(max(due))
                + "/s, answered at most " + number(max(answered)) + "/s"));
        facts.add(new Fact("time to sell out", tally.secondsToSoldOut() < 0 ? "did not sell out"
                : seconds(tally.secondsToSoldOut()) + " to the first sold-out answer"));
        facts.add(new Fact("new reservations", number(reserved) + ", peak " + number(peak) + "/s, last at "
                + seconds(tally.secondsToLastReservation())));
        facts.add(new Fact("reservations/s", "per 10 s since the opening: " + perTenSeconds(perSecond)));
        facts.add(new Fact("settled", (outcome.settled() ? "every order terminal " : "NOT every order terminal ")
                + seconds(outcome.settleTook().toMillis() / 1000.0) + " after the traffic"));
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        outcome.orders().values().forEach(o -> byStatus.merge(o.path("status").asText(), 1L, Long::sum));
        facts.add(new Fact("orders", number(outcome.orders().size()) + " " + byStatus));
        facts.add(new Fact("available at the end", outcome.saleView() == null ? "?" : outcome.saleView().path("available").asText()));
        facts.add(new Fact("unpaid holds", number(outcome.unpaidHoldsExpired()) + " ended by expiry; the latest "
                + seconds(outcome.latestUnpaidHoldEnd().toMillis() / 1000.0) + " after its expiry (recovery interval "
                + seconds(outcome.recoveryInterval().toMillis() / 1000.0) + ")"));
        if (queues != null) {
            queueFacts();
        }

        for (Route route : Route.values()) {
            Histogram h = tally.latency(route);
            if (h.getTotalCount() > 0) {
                Histogram service = tally.latency(route, Tally.Part.SERVICE);
                Histogram waiting = tally.latency(route, Tally.Part.WAITING);
                latencies.add(new Latency(route.label, h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()),
                        ms(service.getValueAtPercentile(50)), ms(service.getValueAtPercentile(99)),
                        ms(waiting.getValueAtPercentile(50)), ms(waiting.getValueAtPercentile(99))));
            }
        }
        tally.answers().forEach((route, byLabel) -> {
            long total = byLabel.values().stream().mapToLong(Long::longValue).sum();
            byLabel.forEach((label, n) -> answers.add(new AnswerRow(route.label, label, n,
                    String.format(Locale.ROOT, "%.1f%%", 100.0 * n / total))));
        });
        for (InvariantAudit.Check c : outcome.checks()) {
            checks.add(new CheckRow(c.number(), c.name(), c.passed() ? "pass" : "FAIL", c.passed(), c.detail()));
        }
    }

    private void queueFacts() {
        queueFacts.add(new Fact("partition caps", queues.caps() == null ? "off (no throttling emulated)" : queues.caps()));
        if (queues.caps() != null) {
            queueFacts.add(new Fact("throttled writes", number(queues.writesThrottled()) + " of " + number(queues.writesChecked())
                    + " writes checked (each SDK attempt counts), by the kind of key over its cap: " + queues.throttledByKind()));
        }
        queueFacts.add(new Fact("worker failures", queues.workerFailures().isEmpty() ? "none"
                : queues.workerFailures() + " (queue and cause of each failed handling QueueBatch logged; Busy: a write "
                + "still throttled after the checkout's retries, backed off)"));
        queues.otherWorkerLines().forEach(line -> queueFacts.add(new Fact("worker log", line)));
        queueFacts.add(new Fact("dead-letter queues", number(queues.deadLetters()) + " messages " + depths(queues.queues().deadLetterQueues())
                + "; from throttling: " + number(queues.deadLettersFromThrottling())));
        queues.letters().forEach(l -> queueFacts.add(new Fact(l.fromThrottling() ? "dead letter (throttling)" : "dead letter",
                l.describe())));
        queueFacts.add(new Fact("queues at the end", depths(queues.queues().queues()) + " (visible+in flight+delayed; "
                + "refund-issued is finance's feed, nobody reads it here)"));
    }

    private static String depths(List<DeadLetters.Depth> depths) {
        StringBuilder out = new StringBuilder();
        for (DeadLetters.Depth d : depths) {
            out.append(out.isEmpty() ? "" : ", ").append(d.queue()).append(' ').append(d.total());
            if (d.inFlight() + d.delayed() > 0) {
                out.append(" (").append(d.visible()).append('+').append(d.inFlight()).append('+').append(d.delayed()).append(')');
            }
        }
        return "{" + out + "}";
    }

    /**
     * What the traffic would cost on AWS per 10,000 shoppers, from this run's own figures: its requests by route, the
     * Lambda GB-seconds those requests take at the template's 1 GB if each lasts this run's mean service time (an
     * upper bound: here it includes queueing on a shared machine), and the DynamoDB units the stack consumed while the
     * crowd shopped (null when not measured).
     */
    void addCost(Rehearsal.Traffic traffic, int shoppers, Map<String, Object> capacity) {
        if (shoppers <= 0) {
            return;
        }
        double per = 10_000.0 / shoppers;
        Tally tally = traffic.tally();
        double gbSeconds = 0;
        StringBuilder byRoute = new StringBuilder();
        for (Route route : Route.values()) {
            Histogram service = tally.latency(route, Tally.Part.SERVICE);
            if (service.getTotalCount() > 0 && route != Route.CREATE_SALE) {
                gbSeconds += service.getTotalCount() * service.getMean() / 1e6 * FUNCTION_GB;
                byRoute.append(byRoute.isEmpty() ? "" : ", ").append(route.label).append(' ')
                        .append(number(Math.round(service.getTotalCount() * per)));
            }
        }
        facts.add(new Fact("per 10,000 shoppers", number(Math.round(tally.requests() * per)) + " requests (" + byRoute
                + "); Lambda at most " + number(Math.round(gbSeconds * per)) + " GB-s (1 GB x this run's mean service time)"));
        if (capacity != null) {
            double reads = ((Number) capacity.getOrDefault("readUnits", 0)).doubleValue();
            double writes = ((Number) capacity.getOrDefault("writeUnits", 0)).doubleValue();
            double cancelled = ((Number) capacity.getOrDefault("cancelledTransactionWriteUnits", 0)).doubleValue();
            facts.add(new Fact("DynamoDB per 10,000", number(Math.round(writes * per)) + " write units (+ "
                    + number(Math.round(cancelled * per)) + " of cancelled transactions), "
                    + number(Math.round(reads * per)) + " read units consumed during the traffic (ConsumedCapacity of "
                    + "every successful call; calls " + capacity.get("calls") + ", failed " + capacity.get("failedCalls") + ")"));
        }
    }

    boolean invariantsPassed() {
        return checks.stream().allMatch(CheckRow::passed);
    }

    /** Every invariant holds and, where the queues could be read, no message is in a dead-letter queue. */
    boolean passed() {
        return invariantsPassed() && (queues == null || queues.passed());
    }

    long deadLetters() {
        return queues == null ? 0 : queues.deadLetters();
    }

    void print(PrintWriter out) {
        out.println();
        out.println("Rehearsal against " + target);
        facts.forEach(f -> out.printf("  %-22s %s%n", f.name(), f.value()));
        out.println();
        out.println("  latency (ms) from when each request was due; service: sent to answered; waiting: due to sent");
        out.printf("  %-30s %8s %9s %9s %9s %9s %9s %9s %9s %9s%n", "", "count", "p50", "p95", "p99", "max",
                "svc p50", "svc p99", "wait p50", "wait p99");
        latencies.forEach(l -> out.printf("  %-30s %8d %9s %9s %9s %9s %9s %9s %9s %9s%n", l.route(), l.count(), l.p50(),
                l.p95(), l.p99(), l.max(), l.serviceP50(), l.serviceP99(), l.waitingP50(), l.waitingP99()));
        out.println();
        out.printf("  %-30s %-34s %8s %7s%n", "answers", "", "count", "share");
        answers.forEach(a -> out.printf("  %-30s %-34s %8d %7s%n", a.route(), a.answer(), a.count(), a.share()));
        out.println();
        out.println("  invariants (DESIGN.md)");
        checks.forEach(c -> out.printf("  %d %-20s %-4s  %s%n", c.number(), c.name(), c.verdict(), c.detail()));
        if (!queueFacts.isEmpty()) {
            out.println();
            out.println("  DynamoDB throttling and the queues");
            queueFacts.forEach(f -> out.printf("  %-22s %s%n", f.name(), f.value()));
        }
        notes.forEach(n -> out.println("  note: " + n));
        out.flush();
    }

    void writeHtml(Path file) throws IOException {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("target", target);
        page.put("finishedAt", finishedAt.toString());
        page.put("passed", passed());
        page.put("facts", facts);
        page.put("latencies", latencies);
        page.put("answers", answers);
        page.put("checks", checks);
        page.put("notes", notes);
        page.put("queueFacts", queueFacts);
        page.put("hasQueueFacts", !queueFacts.isEmpty());
        page.put("deadLettersOk", queues == null || queues.passed());
        page.put("reservationsChart", Charts.perSecond("New reservations per second", "reservations/s",
                outcome.tally().reservationsPerSecond()));
        page.put("arrivalsChart", Charts.perSecond("Requests due (the arrival curve) and answers per second",
                "requests/s", Map.of("due", outcome.tally().duePerSecond(), "answered", outcome.tally().answersPerSecond())));
        page.put("latencyChart", Charts.bars("Latency by route (ms)", "ms", latencyBars()));
        page.put("answersChart", Charts.bars("Answers by type", "answers", answerBars()));
        Mustache template = new DefaultMustacheFactory("rehearse").compile("report.mustache");
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            template.execute(w, page);
        }
    }

    private Map<String, Map<String, Double>> latencyBars() {
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        for (Route route : Route.values()) {
            Histogram h = outcome.tally().latency(route);
            if (h.getTotalCount() > 0 && route != Route.CREATE_SALE) {
                Map<String, Double> p = new LinkedHashMap<>();
                p.put("p50", h.getValueAtPercentile(50) / 1000.0);
                p.put("p95", h.getValueAtPercentile(95) / 1000.0);
                p.put("p99", h.getValueAtPercentile(99) / 1000.0);
                bars.put(route.label, p);
            }
        }
        return bars;
    }

    private Map<String, Map<String, Double>> answerBars() {
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        outcome.tally().answers().forEach((route, byLabel) -> {
            if (route != Route.CREATE_SALE) {
                byLabel.forEach((label, n) -> bars.computeIfAbsent(route.label, k -> new LinkedHashMap<>()).put(label, n.doubleValue()));
            }
        });
        return bars;
    }

    private static long max(long[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }

    /** The mean of each 10 s, rounded: {@code 38 52 61 12 0 ...}. */
    private static String perTenSeconds(long[] perSecond) {
        StringBuilder means = new StringBuilder();
        for (int from = 0; from < perSecond.length; from += 10) {
            long sum = 0;
            int to = Math.min(perSecond.length, from + 10);
            for (int i = from; i < to; i++) {
                sum += perSecond[i];
            }
            means.append(means.isEmpty() ? "" : " ").append(Math.round((double) sum / (to - from)));
        }
        return means.toString();
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
