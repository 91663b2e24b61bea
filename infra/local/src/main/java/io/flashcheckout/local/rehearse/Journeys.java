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
    }

    private static final int ATTEMPTS_AFTER_FAILURE = 3;

    private final Storefront api;
    private final String saleId;
    private final int perCustomerLimit;
    private final Function<Shopper, String> tokens;
    private final Set<String> orderIds = ConcurrentHashMap.newKeySet();
    private final Set<String> unpaidHolds = ConcurrentHashMap.newKeySet();
    private final List<Replay> replays = new CopyOnWriteArrayList<>();

    Journeys(Storefront api, String saleId, int perCustomerLimit, Function<Shopper, String> tokens) {
        this.api = api;
        this.saleId = saleId;
        this.perCustomerLimit = perCustomerLimit;
        this.tokens = tokens;
    }

    void shop(Shopper shopper) {
        String token = tokens.apply(shopper);
        String key = shopper.idempotencyKey(saleId);
        Answer reserved = reserve(token, shopper.quantity(), key);
        if (!reserved.ok()) {
            return;
        }
        String orderId = reserved.text("orderId");
        for (int i = 0; i < shopper.retries(); i++) {
            replays.add(new Replay(shopper.customerId(), orderId, api.reserve(token, saleId, shopper.quantity(), key)));
        }
        if (shopper.greedy()) {
            Answer more = reserve(token, perCustomerLimit, key + "-more");
            if (more.ok()) {
                unpaidHolds.add(more.text("orderId"));
            }
        }
        Fate fate = shopper.fate();
        if (fate == Fate.WALK_AWAY) {
            unpaidHolds.add(orderId);
        }
        if (fate.paymentToken != null) {
            Answer paid = api.pay(token, orderId, fate.paymentToken);
            if (fate == Fate.PAY_DECLINED && paid.status() == 402) {
                paid = api.pay(token, orderId, Fate.PAY_APPROVED.paymentToken);
            }
            if (fate == Fate.PAY_THEN_CANCEL && paid.status() == 200) {
                api.cancel(token, orderId);
            }
        } else if (fate == Fate.CANCEL) {
            api.cancel(token, orderId);
        }
    }

    /** A reservation, sent again with the same key while no answer or a 5xx comes back. */
    private Answer reserve(String token, int quantity, String key) {
        Answer answer = api.reserve(token, saleId, quantity, key);
        for (int attempt = 0; attempt < ATTEMPTS_AFTER_FAILURE && (answer.status() == 0 || answer.status() >= 500); attempt++) {
            answer = api.reserve(token, saleId, quantity, key);
        }
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
