package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DESIGN.md's six invariants for the rehearsed sale, from what the API answers (the sale and every order the crowd
 * got), and, where they could be reached, the tables and the PSP's ledger. Each finding names where it was seen.
 */
final class InvariantAudit {
    private static final Set<String> LIVE = Set.of("RESERVED", "PAYING", "PAID");
    private static final Set<String> COUNTED_ON_CARD = Set.of("PAYING", "PAID");
    private static final Set<String> TERMINAL = Set.of("PAID", "CANCELLED", "EXPIRED", "REFUNDED");
    private static final int SHOWN = 3;

    /** One invariant's verdict: {@code detail} says what was checked, or the first violations. */
    record Check(int number, String name, boolean passed, String detail) {}

    /** What the audit reads. {@code ledger} and {@code tables} are null when they could not be reached. */
    record Evidence(String saleId, long stockLoaded, int perCustomerLimit, JsonNode sale, Map<String, JsonNode> orders,
                    Set<String> unpaidHolds, List<Journeys.Replay> replays, PspLedger ledger, SaleTables tables,
                    boolean settled, Duration recoveryInterval) {}

    private InvariantAudit() {}

    /** Whether the order, as {@code GET /orders/{id}} answered it, has reached an end state. */
    static boolean terminal(JsonNode order) {
        return TERMINAL.contains(order.path("status").asText());
    }

    static List<Check> audit(Evidence e) {
        return List.of(conservation(e), noOversell(e), limit(e), money(e), liveness(e), idempotency(e));
    }

    private static Check conservation(Evidence e) {
        List<String> wrong = new ArrayList<>();
        long available = e.sale().path("available").asLong();
        long held = units(e.orders(), LIVE);
        if (available + held != e.stockLoaded()) {
            wrong.add("API: available " + available + " + held " + held + " != loaded " + e.stockLoaded());
        }
        String seen = "API: available " + available + " + held " + held + " = " + e.stockLoaded();
        if (e.tables() != null) {
            long shards = e.tables().shards().stream().mapToLong(Long::longValue).sum();
            long tableHeld = e.tables().orders().values().stream().filter(o -> LIVE.contains(o.status()))
                    .mapToLong(SaleTables.OrderRow::quantity).sum();
            if (shards + tableHeld != e.stockLoaded()) {
                wrong.add("tables: shards " + shards + " + held " + tableHeld + " != loaded " + e.stockLoaded());
            }
            seen += "; tables: " + e.tables().shards().size() + " shards " + shards + " + held " + tableHeld;
            if (!e.tables().pools().isEmpty()) {
                long loadedInPools = 0;
                for (SaleTables.PoolRow pool : e.tables().pools()) {
                    loadedInPools += pool.loaded();
                    if (pool.shards() + pool.held() != pool.loaded()) {
                        wrong.add("tables: pool " + pool.name() + ": shards " + pool.shards() + " + held " + pool.held()
                                + " != loaded " + pool.loaded());
                    }
                }
                if (loadedInPools != e.stockLoaded()) {
                    wrong.add("tables: the pools' loaded stock " + loadedInPools + " != the sale's " + e.stockLoaded());
                }
                seen += "; each of " + e.tables().pools().size() + " pools conserves its units";
            }
        }
        return verdict(1, "Conservation", wrong, seen);
    }

    private static Check noOversell(Evidence e) {
        List<String> wrong = new ArrayList<>();
        long paid = units(e.orders(), Set.of("PAID"));
        if (paid > e.stockLoaded()) {
            wrong.add("PAID " + paid + " > loaded " + e.stockLoaded());
        }
        if (e.sale().path("available").asLong() < 0) {
            wrong.add("API: available " + e.sale().path("available").asLong());
        }
        if (e.tables() != null) {
            e.tables().shards().stream().filter(units -> units < 0).forEach(units -> wrong.add("tables: a shard at " + units));
        }
        return verdict(2, "No oversell", wrong, "PAID " + paid + " <= " + e.stockLoaded()
                + (e.tables() != null ? "; no shard below zero" : "; available >= 0"));
    }

    private static Check limit(Evidence e) {
        List<String> wrong = new ArrayList<>();
        Map<String, Long> live = new HashMap<>();
        e.orders().values().stream().filter(o -> LIVE.contains(o.path("status").asText()))
                .forEach(o -> live.merge(o.path("customerId").asText(), o.path("quantity").asLong(), Long::sum));
        live.forEach((customer, units) -> {
            if (units > e.perCustomerLimit()) {
                wrong.add(customer + " holds " + units);
            }
        });
        String seen = live.size() + " customers hold <= " + e.perCustomerLimit();
        // the limit binds a card too, whatever accounts pay with it: PAYING and PAID orders count on their card
        Map<String, Long> byCard = new HashMap<>();
        e.orders().values().stream().filter(o -> COUNTED_ON_CARD.contains(o.path("status").asText()) && o.hasNonNull("cardFingerprint"))
                .forEach(o -> byCard.merge(o.path("cardFingerprint").asText(), o.path("quantity").asLong(), Long::sum));
        byCard.forEach((card, units) -> {
            if (units > e.perCustomerLimit()) {
                wrong.add("card " + card + " holds " + units);
            }
        });
        seen += "; " + byCard.size() + " cards hold <= " + e.perCustomerLimit();
        if (e.tables() != null) {
            Map<String, Long> tableLive = new HashMap<>();
            e.tables().orders().values().stream().filter(o -> LIVE.contains(o.status()))
                    .forEach(o -> tableLive.merge(o.customerId(), o.quantity(), Long::sum));
            e.tables().countedByCustomer().forEach((customer, units) -> {
                if (units != tableLive.getOrDefault(customer, 0L)) {
                    wrong.add("tables: count item of " + customer + " says " + units + ", live orders " + tableLive.getOrDefault(customer, 0L));
                }
            });
            seen += "; every count item agrees with the live orders";
        }
        return verdict(3, "Per-customer limit", wrong, seen);
    }

    private static Check money(Evidence e) {
        if (e.ledger() == null) {
            return new Check(4, "Money", false, "not checked: the PSP's ledger could not be read");
        }
        List<String> wrong = new ArrayList<>();
        List<PspLedger.Charge> charges = e.ledger().charges().stream()
                .filter(PspLedger.Charge::succeeded).filter(c -> e.orders().containsKey(c.reference())).toList();
        Map<String, Long> chargesPerOrder = charges.stream()
                .collect(Collectors.groupingBy(PspLedger.Charge::reference, Collectors.counting()));
        chargesPerOrder.forEach((order, n) -> {
            if (n > 1) {
                wrong.add(n + " charges for order " + order);
            }
        });
        for (PspLedger.Charge charge : charges) {
            JsonNode order = e.orders().get(charge.reference());
            String status = order.path("status").asText();
            boolean refunded = order.hasNonNull("refundId");
            boolean settling = !e.settled() && status.equals("PAYING");
            if (!status.equals("PAID") && !refunded && !settling) {
                wrong.add("charge " + charge.chargeId() + " of order " + charge.reference() + " (" + status + ") is neither paid nor refunded");
            }
        }
        e.orders().forEach((orderId, order) -> {
            if (order.path("status").asText().equals("PAID") && chargesPerOrder.getOrDefault(orderId, 0L) != 1) {
                wrong.add("PAID order " + orderId + " has " + chargesPerOrder.getOrDefault(orderId, 0L) + " charges");
            }
        });
        Map<String, List<PspLedger.Payout>> payouts = e.ledger().payouts().stream()
                .collect(Collectors.groupingBy(PspLedger.Payout::chargeId));
        String seen = charges.size() + " charges, one each to a PAID order or a refund";
        if (e.tables() != null) {
            for (SaleTables.RefundRow refund : e.tables().refunds()) {
                List<PspLedger.Payout> paidOut = payouts.getOrDefault(refund.chargeId(), List.of());
                if ("REFUNDED".equals(refund.status())) {
                    if (paidOut.size() != 1 || new BigDecimal(paidOut.get(0).amount()).compareTo(new BigDecimal(refund.amount())) != 0) {
                        wrong.add("refund " + refund.refundId() + " paid out " + paidOut.size() + " times");
                    }
                } else if (!paidOut.isEmpty() || e.settled()) {
                    wrong.add("refund " + refund.refundId() + " is " + refund.status() + " with " + paidOut.size() + " payouts");
                }
            }
            seen += "; " + e.tables().refunds().size() + " refund records, each paid out once";
        }
        return verdict(4, "Money", wrong, seen);
    }

    private static Check liveness(Evidence e) {
        if (!e.settled()) {
            return new Check(5, "Liveness", false, "orders still open when the settle timeout ended: "
                    + e.orders().values().stream().map(o -> o.path("status").asText()).filter(s -> !TERMINAL.contains(s))
                    .collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        }
        List<String> wrong = new ArrayList<>();
        Duration latestHold = Duration.ZERO;
        Duration latestPayment = Duration.ZERO;
        for (JsonNode order : e.orders().values()) {
            String id = order.path("orderId").asText();
            String status = order.path("status").asText();
            if (!TERMINAL.contains(status)) {
                wrong.add(id + " is " + status);
            } else if (status.equals("EXPIRED")) {
                Duration late = Duration.between(Instant.parse(order.path("holdExpiresAt").asText()),
                        Instant.parse(order.path("updatedAt").asText()));
                if (!e.unpaidHolds().contains(id)) {
                    // a payment in doubt keeps the units past the hold until recovery settles it
                    latestPayment = late.compareTo(latestPayment) > 0 ? late : latestPayment;
                } else {
                    latestHold = late.compareTo(latestHold) > 0 ? late : latestHold;
                    if (late.compareTo(e.recoveryInterval()) > 0) {
                        wrong.add(id + " expired " + late.toSeconds() + " s after its hold");
                    }
                }
            }
        }
        return verdict(5, "Liveness", wrong, String.format(java.util.Locale.ROOT,
                "every order terminal; unpaid holds ended at most %.1f s after their expiry (bound %d s); "
                        + "orders whose payment was in doubt settled at most %.1f s after theirs",
                latestHold.toMillis() / 1000.0, e.recoveryInterval().toSeconds(), latestPayment.toMillis() / 1000.0));
    }

    /**
     * How long after its expiry the latest hold nobody paid or cancelled ended (EXPIRED orders among
     * {@code unpaidHolds}: {@code updatedAt - holdExpiresAt}); zero when none expired.
     */
    static Duration latestUnpaidHoldEnd(Map<String, JsonNode> orders, Set<String> unpaidHolds) {
        return orders.values().stream()
                .filter(o -> o.path("status").asText().equals("EXPIRED") && unpaidHolds.contains(o.path("orderId").asText()))
                .map(o -> Duration.between(Instant.parse(o.path("holdExpiresAt").asText()), Instant.parse(o.path("updatedAt").asText())))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private static Check idempotency(Evidence e) {
        List<String> wrong = new ArrayList<>();
        long unanswered = 0;
        for (Journeys.Replay replay : e.replays()) {
            if (replay.unanswered()) {
                unanswered++;
            } else if (!replay.sameOrder()) {
                wrong.add(replay.customerId() + " sent the same key again and got " + replay.again().label() + " "
                        + replay.again().text("orderId") + " instead of 200 " + replay.firstOrderId());
            }
        }
        return verdict(6, "Idempotency", wrong, (e.replays().size() - unanswered) + " replays got their first order back"
                + (unanswered == 0 ? "" : "; " + unanswered + " were still answered 503 busy or not at all after their "
                + "retries (no answer is not another answer)"));
    }

    private static long units(Map<String, JsonNode> orders, Set<String> statuses) {
        return orders.values().stream().filter(o -> statuses.contains(o.path("status").asText()))
                .mapToLong(o -> o.path("quantity").asLong()).sum();
    }

    private static Check verdict(int number, String name, List<String> wrong, String seen) {
        if (wrong.isEmpty()) {
            return new Check(number, name, true, seen);
        }
        String shown = String.join("; ", wrong.subList(0, Math.min(SHOWN, wrong.size())));
        return new Check(number, name, false, wrong.size() + " violation(s): " + shown + (wrong.size() > SHOWN ? "; ..." : ""));
    }
}
