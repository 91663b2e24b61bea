package io.flashcheckout.psp;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** An immutable copy of the simulator's ledger, in the order things were recorded, for invariant checks. */
public record LedgerSnapshot(List<ChargeRecord> charges, List<RefundRecord> refunds) {

    public LedgerSnapshot {
        charges = List.copyOf(charges);
        refunds = List.copyOf(refunds);
    }

    public Optional<ChargeRecord> chargeForKey(String idempotencyKey) {
        return charges.stream().filter(c -> c.idempotencyKey().equals(idempotencyKey)).findFirst();
    }

    /** How many charges carry this idempotency key (the simulator keeps it at 0 or 1: that is the point). */
    public long chargeCountForKey(String idempotencyKey) {
        return countCharges(c -> c.idempotencyKey().equals(idempotencyKey));
    }

    /** How many charges, succeeded or declined, name this reference (order id). */
    public long chargeCountForReference(String reference) {
        return countCharges(c -> Objects.equals(c.reference(), reference));
    }

    /** Succeeded charges per reference: a value above 1 means an order was charged twice. */
    public Map<String, Long> succeededChargeCountsByReference() {
        return charges.stream()
                .filter(ChargeRecord::succeeded)
                .filter(c -> c.reference() != null)
                .collect(Collectors.groupingBy(ChargeRecord::reference, Collectors.counting()));
    }

    public List<RefundRecord> refundsForCharge(String chargeId) {
        return refunds.stream().filter(r -> r.chargeId().equals(chargeId)).toList();
    }

    public BigDecimal refundedAmount(String chargeId) {
        return refundsForCharge(chargeId).stream().map(RefundRecord::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private long countCharges(Predicate<ChargeRecord> filter) {
        return charges.stream().filter(filter).count();
    }
}
