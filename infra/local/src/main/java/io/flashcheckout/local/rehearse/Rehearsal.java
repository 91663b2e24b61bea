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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flash sale, rehearsed: creates the sale through the admin API, lets the crowd in at their arrival times (one
 * virtual thread per shopper) until all have shopped or the time is up, waits for every order to settle, and
 * audits the invariants.
 */
final class Rehearsal {
    private static final Duration OPENING_LEAD = Duration.ofSeconds(2);

    /** How the rehearsal is bounded. */
    record Limits(Duration traffic, Duration settle, Duration recoveryInterval) {}

    /** What a progress display is told. */
    interface Progress {
        void shoppersDone(int done, int total, String message);

        void ordersSettled(int settled, int total);
    }

    record Outcome(SaleSpec sale, Crowd crowd, Tally tally, Duration trafficTook, int shoppersSent, boolean cutShort,
                   Duration settleTook, boolean settled, Map<String, JsonNode> orders, JsonNode saleView,
                   List<InvariantAudit.Check> checks, List<String> notes, long unpaidHoldsExpired,
                   Duration latestUnpaidHoldEnd, Duration recoveryInterval) {}

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
     * A sale with a waiting room (hook): the pre-queue joins between the sale's creation and its opening, which is
     * {@code openingLead} away, and every shopper goes through the room.
     */
    Rehearsal admitThrough(QueueJourney room, Duration openingLead) {
        this.queue = room;
        this.openingLead = openingLead;
        return this;
    }

    Outcome run(SaleSpec spec, Crowd crowd, Progress progress) throws InterruptedException {
        Instant opensAt = Instant.now().plus(openingLead).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Answer created = api.createSale(target.adminToken(), spec.json(opensAt));
        if (created.status() != 201) {
            throw new IllegalStateException("POST /admin/sales answered " + created.label() + ": " + created.body());
        }
        saleCreated.run();
        if (queue != null) {
            queue.preJoinAll(crowd, target.tokens());
        }
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), opensAt).toMillis()));

        long opened = System.nanoTime();
        Tally tally = new Tally(opened, (int) limits.traffic().toSeconds() + 120);
        api.countInto(tally);
        Journeys journeys = new Journeys(api, spec.saleId(), spec.perCustomerLimit(), target.tokens(), opened, lateRetryMillis);
        if (queue != null) {
            journeys.admitWith(queue);
        }
        long deadline = opened + limits.traffic().toNanos();
        AtomicInteger done = new AtomicInteger();
        int sent = 0;
        boolean cutShort = false;
        try (ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Shopper shopper : crowd.shoppers()) {
                long due = opened + TimeUnit.MILLISECONDS.toNanos(shopper.arrivalMillis());
                if (due >= deadline) {
                    cutShort = true;
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (System.nanoTime() >= deadline) {
                    cutShort = true;
                    break;
                }
                sent++;
                shoppers.submit(() -> {
                    try {
                        journeys.shop(shopper);
                    } finally {
                        progress.shoppersDone(done.incrementAndGet(), crowd.shoppers().size(), message(tally));
                    }
                });
            }
            while (done.get() < sent) {
                if (System.nanoTime() >= deadline) {
                    cutShort = true;
                    shoppers.shutdownNow();
                    break;
                }
                Thread.sleep(200);
                progress.shoppersDone(done.get(), crowd.shoppers().size(), message(tally));
            }
        }
        Duration trafficTook = Duration.ofNanos(System.nanoTime() - opened);
        api.countInto(null);

        Set<String> orderIds = new HashSet<>(journeys.orderIds());
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
                spec.perCustomerLimit(), saleView, orders, journeys.unpaidHolds(), journeys.replays(), ledger, tables, settled,
                limits.recoveryInterval()));
        Set<String> unpaid = journeys.unpaidHolds();
        long unpaidExpired = orders.values().stream().filter(o -> o.path("status").asText().equals("EXPIRED")
                && unpaid.contains(o.path("orderId").asText())).count();
        return new Outcome(spec, crowd, tally, trafficTook, sent, cutShort, settleTook, settled, orders, saleView, checks,
                List.copyOf(notes), unpaidExpired, InvariantAudit.latestUnpaidHoldEnd(orders, unpaid),
                limits.recoveryInterval());
    }

    /** Reads every order until all are terminal or the settle time is up; answers the last view of each. */
    private Map<String, JsonNode> settle(Set<String> orderIds, Progress progress) throws InterruptedException {
        Map<String, JsonNode> latest = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + limits.settle().toNanos();
        while (true) {
            List<String> open = orderIds.stream()
                    .filter(id -> !latest.containsKey(id) || !InvariantAudit.terminal(latest.get(id)))
                    .toList();
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String id : open) {
                    readers.submit(() -> {
                        Answer answer = api.adminOrder(target.adminToken(), id);
                        if (answer.status() == 200) {
                            latest.put(id, answer.body());
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
