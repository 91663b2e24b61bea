package io.flashcheckout.checkout;

import io.flashcheckout.payment.DeclineCode;
import io.flashcheckout.store.OrderStore;

import java.time.Clock;
import java.util.Optional;

/**
 * Turns a charge's outcome into the order's next state. Shared by pay and by checkout recovery, which both end
 * a PAYING order. A charge that arrives for an order that can no longer be paid is owed back as a refund.
 */
public final class ChargeSettlement {
    private final OrderStore orders;
    private final Clock clock;

    public ChargeSettlement(OrderStore orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    /**
     * PAYING -> PAID. Returns the paid order, or empty when the order had moved on and the charge is now owed
     * back (a refund record was written).
     */
    public Optional<Order> charged(Order paying, String chargeId) {
        Order paid = paying.paid(chargeId, clock.instant());
        if (orders.transition(paying, paid, null)) {
            return Optional.of(paid);
        }
        Optional<Order> now = orders.find(paying.orderId());
        if (now.isPresent() && now.get().status() == OrderStatus.PAID && chargeId.equals(now.get().chargeId())) {
            return now;
        }
        orders.recordRefund(Refund.owedFor(paying, chargeId, "charged after the order was settled", clock.instant()));
        return Optional.empty();
    }

    /** PAYING -> RESERVED with the decline's code (the only thing stored about it); false when the order had moved on. */
    public boolean declined(Order paying, DeclineCode code) {
        return orders.transition(paying, paying.declined(code.slug(), clock.instant()), null);
    }
}
