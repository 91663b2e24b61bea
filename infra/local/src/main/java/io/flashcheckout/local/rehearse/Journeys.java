package io.flashcheckout.local.rehearse;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * What each shopper does: reserve (again with the same Idempotency-Key after a failure, as a browser retries, and
 * as often as the shopper's retries say); a greedy shopper asks for more under a second key; then pay, cancel or
 * walk away (a declined shopper pays again with another card). Remembers every order and every replay for the invariants.
 */
final class Journeys {
    /** A reservation sent again with the same key, and what came back. */
    record Replay(String customerId, String firstOrderId, Answer again) {
        boolean sameOrder() {
            return again.status() == 200 && firstOrderId.equals(again.text("orderId"));
        }

        /** Still busy after its retries (the store was down), or no answer at all: nothing to compare. */
        boolean unanswered() {
            return again.status() == 0 || again.is("busy");
        }
    }

    private final Storefront api;
    private final long openedNanos;
    private final long lateRetryMillis;
    private final String saleId;
    private final int perCustomerLimit;
    private final Function<Shopper, String> tokens;
    private final Set<String> orderIds = ConcurrentHashMap.newKeySet();
    private final Set<String> unpaidHolds = ConcurrentHashMap.newKeySet();
    private final List<Replay> replays = new CopyOnWriteArrayList<>();
    /** The waiting room's part of the journey, on a sale with one (hook: see {@link QueueJourney}). */
    private volatile QueueJourney queue;

    Journeys(Storefront api, String saleId, int perCustomerLimit, Function<Shopper, String> tokens) {
        this(api, saleId, perCustomerLimit, tokens, System.nanoTime(), 1000);
    }

    /**
     * @param openedNanos     the opening ({@link System#nanoTime()}), which late shoppers' deadlines count from
     * @param lateRetryMillis how long a late shopper answered sold-out waits before trying again
     */
    Journeys(Storefront api, String saleId, int perCustomerLimit, Function<Shopper, String> tokens, long openedNanos,
             long lateRetryMillis) {
        this.api = api;
        this.openedNanos = openedNanos;
        this.lateRetryMillis = lateRetryMillis;
        this.saleId = saleId;
        this.perCustomerLimit = perCustomerLimit;
        this.tokens = tokens;
    }

    /** On a sale with a waiting room: every shopper waits for their turn and reserves with the admission token. */
    void admitWith(QueueJourney queue) {
        this.queue = queue;
    }

    void shop(Shopper shopper) {
        String token = tokens.apply(shopper);
        String key = shopper.idempotencyKey(saleId);
        QueueJourney room = queue;
        String admission = room == null ? null : room.waitForTurn(shopper, token);
        if (room != null && admission == null) {
            return;
        }
        Answer reserved = reserve(token, shopper.quantity(), key, admission);
        if (room != null && reserved.status() == 201) {
            room.reserved(shopper);
        }
        // a late shopper presses again while sold out, as units come back from ended holds; each press is a new
        // request (a new key): a sold-out answer took nothing, and replays of one key are checked elsewhere
        for (int press = 1; shopper.keepsTrying() && reserved.is("sold-out") && mayPressAgain(shopper); press++) {
            try {
                Thread.sleep(lateRetryMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            key = shopper.idempotencyKey(saleId) + "-press-" + press;
            reserved = reserve(token, shopper.quantity(), key, admission);
        }
        if (!reserved.ok()) {
            return;
        }
        String orderId = reserved.text("orderId");
        for (int i = 0; i < shopper.retries(); i++) {
            // sent as any reservation is: a 503 busy is no answer yet (nothing was written), and is tried again
            replays.add(new Replay(shopper.customerId(), orderId, reserve(token, shopper.quantity(), key, admission)));
        }
        if (shopper.greedy()) {
            Answer more = reserve(token, perCustomerLimit, key + "-more", admission);
            if (more.ok()) {
                unpaidHolds.add(more.text("orderId"));
            }
        }
        Fate fate = shopper.fate();
        if (fate == Fate.WALK_AWAY) {
            unpaidHolds.add(orderId);
        }
        if (fate.paymentToken != null) {
            String card = room == null ? fate.paymentToken : room.paymentToken(shopper, fate.paymentToken);
            Answer paid = StorefrontRetries.whileBusy(() -> api.pay(token, orderId, card));
            if (fate == Fate.PAY_DECLINED && paid.status() == 402) {
                paid = StorefrontRetries.whileBusy(() -> api.pay(token, orderId, Fate.PAY_APPROVED.paymentToken));
            }
            if (fate == Fate.PAY_THEN_CANCEL && paid.status() == 200) {
                StorefrontRetries.whileBusy(() -> api.cancel(token, orderId));
            }
        } else if (fate == Fate.CANCEL) {
            StorefrontRetries.whileBusy(() -> api.cancel(token, orderId));
        }
    }

    private boolean mayPressAgain(Shopper shopper) {
        long sinceOpening = (System.nanoTime() - openedNanos) / 1_000_000;
        return sinceOpening + lateRetryMillis < shopper.keepTryingUntilMillis();
    }

    /** A reservation, sent again with the same key as a storefront does ({@link StorefrontRetries#untilAnswered}). */
    private Answer reserve(String token, int quantity, String key, String admission) {
        Answer answer = StorefrontRetries.untilAnswered(() -> api.reserve(token, saleId, quantity, key, admission));
        if (answer.ok() && answer.text("orderId") != null) {
            orderIds.add(answer.text("orderId"));
        }
        return answer;
    }

    /** Every order the crowd got. */
    Set<String> orderIds() {
        return Set.copyOf(orderIds);
    }

    /** Orders nobody tried to pay or cancel: only their hold's expiry ends them. */
    Set<String> unpaidHolds() {
        return Set.copyOf(unpaidHolds);
    }

    List<Replay> replays() {
        return List.copyOf(replays);
    }
}
