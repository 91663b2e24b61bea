package io.flashcheckout.psp;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The simulator's books, in memory. Every method is synchronized: a charge or refund is looked up, checked and
 * recorded in one step, so concurrent requests with one idempotency key record one charge.
 */
final class Ledger {

    /** What a recording call did: {@code created} is false when the key replayed an earlier result. */
    record Recorded<R>(R value, boolean created) {}

    private final Clock clock;
    private final IdempotentResults<ChargeCommand, ChargeRecord> charges = new IdempotentResults<>();
    private final IdempotentResults<RefundCommand, RefundRecord> refunds = new IdempotentResults<>();
    private final Map<String, ChargeRecord> chargesById = new HashMap<>();
    private final Map<String, BigDecimal> refundedByChargeId = new HashMap<>();

    Ledger(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records a charge under its key, or replays the charge recorded under that key.
     *
     * @throws ApiError idempotency_conflict when the key was used with a different command
     */
    synchronized Recorded<ChargeRecord> charge(String key, ChargeCommand command, ChargeRecord.Status status, String declineReason) {
        Optional<ChargeRecord> earlier = charges.replay(key, command);
        if (earlier.isPresent()) {
            return new Recorded<>(earlier.get(), false);
        }
        ChargeRecord charge = new ChargeRecord(newId("ch_"), key, command.amount(), command.currency(),
                command.paymentToken(), command.reference(), status, declineReason, clock.instant());
        charges.put(key, command, charge);
        chargesById.put(charge.chargeId(), charge);
        return new Recorded<>(charge, true);
    }

    /**
     * Records a refund under its key, or replays the refund recorded under that key.
     *
     * @throws ApiError idempotency_conflict when the key was used with a different command; refund_rejected for an
     *                  unknown or declined charge, another currency, or more than the charge has left
     */
    synchronized Recorded<RefundRecord> refund(String key, RefundCommand command) {
        Optional<RefundRecord> earlier = refunds.replay(key, command);
        if (earlier.isPresent()) {
            return new Recorded<>(earlier.get(), false);
        }
        ChargeRecord charge = chargesById.get(command.chargeId());
        if (charge == null) {
            throw ApiError.refundRejected("no charge " + command.chargeId());
        }
        if (!charge.succeeded()) {
            throw ApiError.refundRejected("charge " + charge.chargeId() + " was declined: nothing to refund");
        }
        if (!charge.currency().equals(command.currency())) {
            throw ApiError.refundRejected("currency " + command.currency() + " does not match the charge's " + charge.currency());
        }
        BigDecimal refunded = refundedByChargeId.getOrDefault(charge.chargeId(), BigDecimal.ZERO);
        BigDecimal remaining = charge.amount().subtract(refunded);
        if (command.amount().compareTo(remaining) > 0) {
            throw ApiError.refundRejected("refund of " + command.amount().toPlainString() + " exceeds the "
                    + remaining.toPlainString() + " " + charge.currency() + " left on charge " + charge.chargeId());
        }
        RefundRecord refund = new RefundRecord(newId("re_"), key, charge.chargeId(), command.amount(), command.currency(), clock.instant());
        refunds.put(key, command, refund);
        refundedByChargeId.put(charge.chargeId(), refunded.add(command.amount()));
        return new Recorded<>(refund, true);
    }

    synchronized Optional<ChargeRecord> chargeForKey(String key) {
        return charges.result(key);
    }

    synchronized LedgerSnapshot snapshot() {
        return new LedgerSnapshot(charges.results(), refunds.results());
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** Results by idempotency key, with the command that produced each. Not thread-safe: the ledger guards it. */
    private static final class IdempotentResults<C, R> {

        private record Entry<C, R>(C command, R result) {}

        private final Map<String, Entry<C, R>> byKey = new LinkedHashMap<>();

        /** The result recorded under the key, if any; a different command under a used key is a conflict. */
        Optional<R> replay(String key, C command) {
            Entry<C, R> entry = byKey.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (!entry.command().equals(command)) {
                throw ApiError.idempotencyConflict(key);
            }
            return Optional.of(entry.result());
        }

        void put(String key, C command, R result) {
            byKey.put(key, new Entry<>(command, result));
        }

        Optional<R> result(String key) {
            return Optional.ofNullable(byKey.get(key)).map(Entry::result);
        }

        List<R> results() {
            return byKey.values().stream().map(Entry::result).toList();
        }
    }
}
