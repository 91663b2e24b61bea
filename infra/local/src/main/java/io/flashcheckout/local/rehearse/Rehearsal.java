package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flash sale, rehearsed: creates the sale through the admin API, lets the crowd in at their arrival times (one
 * virtual thread per shopper) until all have shopped or the time is up, waits for every order to settle, and
 * audits the invariants. A sliced rehearsal runs {@link #shop} in each slice and {@link #settleAndAudit} once, on
 * the merged traffic.
 */
final class Rehearsal {
    private static final Duration OPENING_LEAD = Duration.ofSeconds(2);
    private static final int AUDIT_READS_IN_FLIGHT = 64;
    private static final int WARM_UP_CONNECTIONS = 256;
    private static final int WARM_UP_READS = 4;

    /** How the rehearsal is bounded. */
    record Limits(Duration traffic, Duration settle, Duration recoveryInterval) {}

    /** What a progress display is told. */
    interface Progress {
        void shoppersDone(int done, int total, String message);

        void ordersSettled(int settled, int total);
    }

    /** What the crowd (or one slice of it) did: the tally and what the audit needs from the journeys. */
    record Traffic(Tally tally, int shoppersSent, boolean cutShort, Duration took, Set<String> orderIds,
                   Set<String> unpaidHolds, List<Journeys.Replay> replays, int safetyCap, long capHits, int mostInFlight) {}

    record Outcome(SaleSpec sale, int crowdSize, Traffic traffic, Duration settleTook, boolean settled,
                   Map<String, JsonNode> orders, JsonNode saleView, List<InvariantAudit.Check> checks, List<String> notes,
                   long unpaidHoldsExpired, Duration latestUnpaidHoldEnd, Duration recoveryInterval) {
        Tally tally() {
            return traffic.tally();
        }

        Duration trafficTook() {
            return traffic.took();
        }

        int shoppersSent() {
            return traffic.shoppersSent();
        }

        boolean cutShort() {
            return traffic.cutShort();
        }
    }

    private final Target target;
    private final Storefront api;
    private final Limits limits;
    private final Runnable saleCreated;
    private final long lateRetryMillis;
    private QueueJourney queue;
    private Duration openingLead = OPENING_LEAD;

    Rehearsal(Target target, Storefront api, Limits limits) {
        this(target, api, limits, () -> {}, 1000);
    }

    /**
     * @param saleCreated     runs once the sale exists, before it opens (e.g. the throttle starts capping then)
     * @param lateRetryMillis how long a late shopper answered sold-out waits before pressing again
     */
    Rehearsal(Target target, Storefront api, Limits limits, Runnable saleCreated, long lateRetryMillis) {
        this.target = target;
        this.api = api;
        this.limits = limits;
        this.saleCreated = saleCreated;
        this.lateRetryMillis = lateRetryMillis;
    }

    /**
     * A sale with a waiting room (hook): the caller has the pre-queue join between the sale's creation and its
     * opening, which is {@code openingLead} away ({@link #opening()}), and every shopper goes through the room.
     */
    Rehearsal admitThrough(QueueJourney room, Duration openingLead) {
        this.queue = room;
        this.openingLead = openingLead;
        return this;
    }

    /** The whole rehearsal in one process: the sale, the crowd, the settling and the audit. */
    Outcome run(SaleSpec spec, Crowd crowd, Progress progress) throws InterruptedException {
        Instant opensAt = opening();
        createSale(spec, opensAt);
        if (queue != null) {
            queue.preJoinAll(crowd, target.tokens());
        }
        Traffic traffic = shop(spec, crowd.shoppers(), opensAt, progress);
        return settleAndAudit(spec, crowd.shoppers().size(), traffic, progress);
    }

    /** This rehearsal's opening: {@link #openingSoon()}, or further ahead with a waiting room's pre-queue. */
    Instant opening() {
        return Instant.now().plus(openingLead).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    /** A whole second a little ahead, so the sale exists and every slice is ready when it opens. */
    static Instant openingSoon() {
        return Instant.now().plus(OPENING_LEAD).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    /**
     * Creates the sale through the admin API; the same definition again (another slice was first) is answered 200
     * and is fine.
     */
    void createSale(SaleSpec spec, Instant opensAt) {
        Answer created = api.createSale(target.adminToken(), spec.json(opensAt));
        if (created.status() != 201 && created.status() != 200) {
            throw new IllegalStateException("POST /admin/sales answered " + created.label() + ": " + created.body());
        }
        saleCreated.run();
    }

    /**
     * Lets {@code shoppers} in at their arrival times after {@code opensAt}, one virtual thread per shopper started
     * when the shopper is due, whatever the answers to the others (an open model), until all have shopped or the
     * time is up.
     */
    Traffic shop(SaleSpec spec, List<Shopper> shoppers, Instant opensAt, Progress progress) throws InterruptedException {
        // a slice that starts after the opening sends its overdue shoppers at once, their latency counted from when
        // they were due: the open model's rule, not a shifted crowd
        long opened = System.nanoTime() + Duration.between(Instant.now(), opensAt).toNanos();
        warmUp(spec, opened);
        Tally tally = new Tally(opened, (int) limits.traffic().toSeconds() + 120);
        api.countInto(tally);
        TimeUnit.NANOSECONDS.sleep(opened - System.nanoTime());
        Journeys journeys = new Journeys(api, spec.saleId(), spec.perCustomerLimit(), target.tokens(), opened, lateRetryMillis);
        if (queue != null) {
            journeys.admitWith(queue);
        }
        long deadline = opened + limits.traffic().toNanos();
        AtomicInteger done = new AtomicInteger();
        int sent = 0;
        boolean cutShort = false;
        try (ExecutorService crowd = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Shopper shopper : shoppers) {
                long due = opened + TimeUnit.MILLISECONDS.toNanos(shopper.arrivalMillis());
                if (due >= deadline) {
                    cutShort = true;
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sent++;
                crowd.submit(() -> {
                    try {
                        api.dueAt(due);
                        journeys.shop(shopper);
                    } finally {
                        progress.shoppersDone(done.incrementAndGet(), shoppers.size(), message(tally));
                    }
                });
            }
            while (done.get() < sent) {
                if (System.nanoTime() >= deadline) {
                    cutShort = true;
                    crowd.shutdownNow();
                    break;
                }
                Thread.sleep(200);
                progress.shoppersDone(done.get(), shoppers.size(), message(tally));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - opened);
        api.countInto(null);
        return new Traffic(tally, sent, cutShort, took, journeys.orderIds(), journeys.unpaidHolds(), journeys.replays(),
                api.safetyCap(), api.capHits(), api.mostInFlight());
    }

    /**
     * Before the opening, as shoppers load the sale's page: reads of the sale, not counted, from up to
     * {@link #WARM_UP_CONNECTIONS} requests at once, so the driver's code is compiled and its connections are open
     * when the crowd comes (otherwise the first second measures the JIT and TCP handshakes, not the checkout).
     */
    private void warmUp(SaleSpec spec, long openedNanos) throws InterruptedException {
        int connections = Math.min(WARM_UP_CONNECTIONS, api.safetyCap());
        long until = openedNanos - TimeUnit.MILLISECONDS.toNanos(300);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                readers.submit(() -> {
                    for (int n = 0; n < WARM_UP_READS && System.nanoTime() < until; n++) {
                        api.sale(target.adminToken(), spec.saleId());
                    }
                });
            }
        }
    }

    /** Waits for every order the traffic made to settle, then audits the invariants once. */
    Outcome settleAndAudit(SaleSpec spec, int crowdSize, Traffic traffic, Progress progress) throws InterruptedException {
        Set<String> orderIds = new HashSet<>(traffic.orderIds());
        List<String> notes = new ArrayList<>();
        if (target.tables() != null) {
            // a reservation whose every answer was lost still holds stock: the audit must see it too (read now, as
            // the orders to settle; the audit reads the tables again once they have settled)
            for (String id : SaleTables.read(target.dynamo(), target.tables(), spec.saleId()).orders().keySet()) {
                if (orderIds.add(id)) {
                    notes.add("order " + id + " is in the table but no answer named it");
                }
            }
        }
        long settling = System.nanoTime();
        Map<String, JsonNode> orders = settle(orderIds, progress);
        if (orders.size() < orderIds.size()) {
            notes.add((orderIds.size() - orders.size()) + " orders could not be read back through GET /orders/{id}");
        }
        boolean settled = orders.size() == orderIds.size() && orders.values().stream().allMatch(InvariantAudit::terminal);
        Duration settleTook = Duration.ofNanos(System.nanoTime() - settling);

        JsonNode saleView = api.sale(target.adminToken(), spec.saleId()).body();
        PspLedger ledger = null;
        if (target.psp() != null) {
            try {
                ledger = PspLedger.fetch(target.psp(), target.pspApiKey());
            } catch (IOException e) {
                notes.add("the PSP's ledger could not be read: " + e.getMessage());
            }
        } else {
            notes.add("no --psp-url: invariant 4 (money) is not checked");
        }
        SaleTables tables = target.tables() == null ? null : SaleTables.read(target.dynamo(), target.tables(), spec.saleId());
        if (tables == null) {
            notes.add("no --dynamodb-endpoint: invariants checked through the API only");
        }
        List<InvariantAudit.Check> checks = InvariantAudit.audit(new InvariantAudit.Evidence(spec.saleId(), spec.stock(),
                spec.perCustomerLimit(), saleView, orders, traffic.unpaidHolds(), traffic.replays(), ledger, tables, settled,
                limits.recoveryInterval()));
        Set<String> unpaid = traffic.unpaidHolds();
        long unpaidExpired = orders.values().stream().filter(o -> o.path("status").asText().equals("EXPIRED")
                && unpaid.contains(o.path("orderId").asText())).count();
        return new Outcome(spec, crowdSize, traffic, settleTook, settled, orders, saleView, checks, List.copyOf(notes),
                unpaidExpired, InvariantAudit.latestUnpaidHoldEnd(orders, unpaid), limits.recoveryInterval());
    }

    /** Reads every order until all are terminal or the settle time is up; answers the last view of each. */
    private Map<String, JsonNode> settle(Set<String> orderIds, Progress progress) throws InterruptedException {
        Map<String, JsonNode> latest = new ConcurrentHashMap<>();
        Semaphore auditReads = new Semaphore(AUDIT_READS_IN_FLIGHT);
        long deadline = System.nanoTime() + limits.settle().toNanos();
        while (true) {
            List<String> open = orderIds.stream()
                    .filter(id -> !latest.containsKey(id) || !InvariantAudit.terminal(latest.get(id)))
                    .toList();
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String id : open) {
                    readers.submit(() -> {
                        // the audit's reads are not the crowd: a few at a time, not the open model's thousands
                        auditReads.acquireUninterruptibly();
                        try {
                            Answer answer = api.adminOrder(target.adminToken(), id);
                            if (answer.status() == 200) {
                                latest.put(id, answer.body());
                            }
                        } finally {
                            auditReads.release();
                        }
                    });
                }
            }
            long settled = latest.values().stream().filter(InvariantAudit::terminal).count();
            progress.ordersSettled((int) settled, orderIds.size());
            if (settled == orderIds.size() || System.nanoTime() >= deadline) {
                return Map.copyOf(latest);
            }
            Thread.sleep(2_000);
        }
    }

    private static String message(Tally tally) {
        double soldOut = tally.secondsToSoldOut();
        return "reserved " + tally.count(Route.RESERVE, "201")
                + (soldOut >= 0 ? String.format(java.util.Locale.ROOT, ", sold out at %.1f s", soldOut) : "");
    }
}
