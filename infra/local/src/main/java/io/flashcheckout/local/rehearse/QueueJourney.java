package io.flashcheckout.local.rehearse;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The waiting room's part of a shopper's journey, hooked into {@link Journeys}: join the sale's queue (pre-queue
 * shoppers joined before the opening, see {@link #preJoin}), ask where the ticket stands as often as its
 * {@code Retry-After} says, and reserve with the admission token once it is their turn; leave when the room says
 * ALL_HELD, SOLD_OUT or CLOSED. Records what each shopper saw, for {@link AdmissionFigures}.
 */
final class QueueJourney {
    private static final int ATTEMPTS = 5;
    /** A storefront gives up on a room that never admits it (a guard: the advancer stalling shows as this). */
    private static final long PATIENCE_NANOS = 20 * 60 * 1_000_000_000L;

    /** One shopper's visit. Times are {@link System#nanoTime()}; 0 when it did not happen. */
    static final class Visit {
        final String customerId;
        volatile boolean preQueue;
        volatile String ticket;
        volatile long rank = -1;
        volatile long joinedNanos;
        volatile long arrivedNanos;
        volatile long admittedNanos;
        volatile long reservedNanos;
        volatile int units;
        volatile String finalStatus;
        volatile long finalSeenNanos;
        volatile long lastRetryAfterSeconds;
        volatile int polls;

        Visit(String customerId) {
            this.customerId = customerId;
        }
    }

    private final Storefront api;
    private final String saleId;
    private final Scalpers scalpers;
    private final double preQueueShare;
    private final Map<String, Visit> visits = new ConcurrentHashMap<>();
    private final AtomicLong lastUnitNanos = new AtomicLong();
    private final AtomicLong shelfEmptyNanos = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger emptyStretches = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Thread shelfWatch;

    /** {@code preQueueShare}: the shoppers who join in the pre-queue window, before the opening ({@link #preJoinAll}). */
    QueueJourney(Storefront api, String saleId, Scalpers scalpers, double preQueueShare) {
        this.preQueueShare = preQueueShare;
        this.api = api;
        this.saleId = saleId;
        this.scalpers = scalpers;
    }

    /**
     * The pre-queue: {@code preQueueShare} of the crowd (the same ones for a seed) join now, before the opening, each
     * on a virtual thread; their journeys later start from the ticket. Returns when all have joined.
     */
    void preJoinAll(Crowd crowd, java.util.function.Function<Shopper, String> tokens) {
        try (var joins = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Shopper shopper : crowd.shoppers()) {
                if (Math.floorMod(shopper.customerId().hashCode() * 31L + 7, 1000) < preQueueShare * 1000) {
                    joins.submit(() -> preJoin(shopper, tokens.apply(shopper)));
                }
            }
        }
    }

    /**
     * Reads the sale's stock shards (strongly consistent) every 100 ms until the figures are taken: when they last
     * went from units left to none is when the last unit was taken for good (units that come back from ended holds
     * and go again start a new empty stretch). Only where the tables can be read.
     */
    void watchShelf(io.flashcheckout.store.SaleStore sales) {
        shelfWatch = Thread.ofVirtual().name("shelf-watch").start(() -> {
            long until = System.nanoTime() + PATIENCE_NANOS;
            boolean empty = false;
            while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                try {
                    var sale = sales.find(saleId).orElse(null);
                    boolean nowEmpty = sale != null && java.util.Arrays.stream(sales.shardStock(sale)).sum() == 0;
                    if (nowEmpty && !empty) {
                        shelfEmptyNanos.set(System.nanoTime());
                        emptyStretches.incrementAndGet();
                    }
                    empty = nowEmpty;
                } catch (RuntimeException e) {
                    // a read that failed: the next one in 100 ms
                }
                if (!sleep(100)) {
                    return;
                }
            }
        });
    }

    /** When the shards last went empty ({@link System#nanoTime()}); 0 if never, or not watched. Stops the watch. */
    long shelfEmptyNanos() {
        Thread watch = shelfWatch;
        if (watch != null) {
            watch.interrupt();
        }
        return shelfEmptyNanos.get();
    }

    /** How many times the shards went empty (units came back in between). */
    int emptyStretches() {
        return emptyStretches.get();
    }

    /** Joins before the opening (the pre-queue window): the ticket is kept for the shopper's journey. */
    void preJoin(Shopper shopper, String token) {
        Visit visit = visit(shopper);
        visit.preQueue = true;
        join(visit, token);
    }

    /** Waits for the shopper's turn; the admission token, or null when the shopper leaves without one. */
    String waitForTurn(Shopper shopper, String token) {
        Visit visit = visit(shopper);
        visit.arrivedNanos = System.nanoTime();
        if (visit.ticket == null && !join(visit, token)) {
            return null;
        }
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        while (System.nanoTime() < giveUp) {
            Answer standing = retried(() -> api.queueStanding(token, saleId, visit.ticket));
            visit.polls++;
            if (standing.status() != 200) {
                return null;
            }
            String status = standing.text("status");
            switch (status) {
                case "YOUR_TURN" -> {
                    visit.admittedNanos = System.nanoTime();
                    return standing.text("admissionToken");
                }
                case "WAITING" -> {
                    long after = standing.retryAfterSeconds() == null ? 1 : standing.retryAfterSeconds();
                    visit.lastRetryAfterSeconds = after;
                    if (!sleep(after * 1000)) {
                        return null;
                    }
                }
                default -> {
                    visit.finalStatus = status;
                    visit.finalSeenNanos = System.nanoTime();
                    return null;
                }
            }
        }
        visit.finalStatus = "GAVE_UP";
        return null;
    }

    /** The shopper's reservation was made (201): the latest such is when the last unit was taken. */
    void reserved(Shopper shopper) {
        long now = System.nanoTime();
        Visit visit = visit(shopper);
        visit.units = shopper.quantity();
        visit.reservedNanos = now;
        lastUnitNanos.accumulateAndGet(now, Math::max);
    }

    /** A scalper's account pays with one of the scalper's few cards; everyone else as their fate says. */
    String paymentToken(Shopper shopper, String usual) {
        String card = scalpers == null ? null : scalpers.cardOf(shopper.customerId());
        return card == null || usual == null ? usual : "tok_approve_" + card;
    }

    Collection<Visit> visits() {
        return visits.values();
    }

    long lastUnitNanos() {
        return lastUnitNanos.get();
    }

    private Visit visit(Shopper shopper) {
        return visits.computeIfAbsent(shopper.customerId(), Visit::new);
    }

    private boolean join(Visit visit, String token) {
        Answer joined = retried(() -> api.joinQueue(token, saleId, null));
        if (!joined.ok() || joined.text("ticket") == null) {
            visit.finalStatus = "NOT_JOINED " + joined.label();
            return false;
        }
        visit.ticket = joined.text("ticket");
        visit.rank = joined.body().path("rank").asLong(-1);
        visit.joinedNanos = System.nanoTime();
        return true;
    }

    /** Sent again after no answer, a 5xx or busy, a second apart. */
    private static Answer retried(java.util.function.Supplier<Answer> call) {
        Answer answer = call.get();
        for (int i = 0; i < ATTEMPTS && (answer.status() == 0 || answer.status() >= 500) && sleep(1000); i++) {
            answer = call.get();
        }
        return answer;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
