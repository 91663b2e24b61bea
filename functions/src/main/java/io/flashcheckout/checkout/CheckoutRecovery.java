package io.flashcheckout.checkout;

import io.flashcheckout.payment.Charge;
import io.flashcheckout.payment.DeclineCode;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.payment.PaymentProviderUnavailableException;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.store.OrderStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Settles a payment attempt that nobody finished (the pay function died, or the provider's answer was lost). Once
 * the attempt is older than the payment grace it asks the provider for the charge by its idempotency key: a charge
 * makes the order PAID (or is owed back when the order moved on); no charge returns the order to RESERVED, or
 * EXPIRED when its hold is over. A provider that cannot answer is asked again later: stock is never released while
 * the outcome is unknown.
 */
public final class CheckoutRecovery {
    private static final int MAX_ROUNDS = 5;
    private static final Duration LATE_CHARGE_CHECK = Duration.ofMinutes(15);

    private final OrderStore orders;
    private final PaymentGateway gateway;
    private final ChargeSettlement settlement;
    private final ReleaseService release;
    private final RecoverySettings settings;
    private final CheckoutMetrics metrics;
    private final Clock clock;

    public CheckoutRecovery(OrderStore orders, PaymentGateway gateway, ChargeSettlement settlement,
                            ReleaseService release, RecoverySettings settings, CheckoutMetrics metrics,
                            Clock clock) {
        this.orders = orders;
        this.gateway = gateway;
        this.settlement = settlement;
        this.release = release;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @throws PaymentProviderUnavailableException when the provider cannot say whether it charged (retry later) */
    public Followup handle(RecoveryMessage message) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Order order = order(message.orderId());
            if (order.status() == OrderStatus.PAID && order.paymentAttempt() == message.paymentAttempt()) {
                orders.lateChargeChecked(order.orderId(), message.paymentAttempt());
                return Followup.DONE;
            }
            if (order.status() != OrderStatus.PAYING || order.paymentAttempt() != message.paymentAttempt()) {
                return lookAgain(order, message.paymentAttempt());
            }
            Instant now = clock.instant();
            Instant decidable = order.updatedAt().plus(settings.paymentGrace());
            if (now.isBefore(decidable)) {
                return Followup.later(Duration.between(now, decidable));
            }
            Optional<Followup> settled = settle(order);
            if (settled.isPresent()) {
                return settled.get();
            }
        }
        throw new IllegalStateException("order " + message.orderId() + " kept changing while it was recovered");
    }

    private Order order(String orderId) {
        return orders.find(orderId).orElseThrow(() -> new CheckoutException.NotFound("no order " + orderId));
    }

    /** @return empty when the order moved on meanwhile (read it again) */
    private Optional<Followup> settle(Order paying) {
        Optional<Charge> charge = gateway.findCharge(paying.chargeKey());
        if (charge.isPresent() && charge.get().succeeded()) {
            settlement.charged(paying, charge.get().chargeId())
                    .ifPresent(paid -> metrics.count(CheckoutEvent.RECOVERED_PAID));
            return Optional.of(Followup.DONE);
        }
        DeclineCode code = charge.map(Charge::declineCode).orElse(DeclineCode.NOT_CHARGED);
        // owed before the release, so the sweeper brings the second look whatever becomes of the message below
        orders.scheduleLateChargeCheck(paying.orderId(), paying.paymentAttempt(), clock.instant().plus(LATE_CHARGE_CHECK));
        boolean released = paying.holdEndedAt(clock.instant())
                ? release.expireUnpaid(paying)
                : settlement.declined(paying, code);
        if (released) {
            metrics.count(CheckoutEvent.RECOVERED_RELEASED);
        }
        // one more look later: a charge the provider records late is then found and owed back
        return released ? Optional.of(Followup.later(LATE_CHARGE_CHECK)) : Optional.empty();
    }

    /**
     * A message for an attempt that is over: the provider is asked once more. A second look owed to the attempt is
     * done only once it is due; an earlier message (a retry, a duplicate) leaves it to the message due then or, if
     * that one is lost, to the sweeper.
     */
    private Followup lookAgain(Order order, int attempt) {
        Optional<Instant> due = orders.lateChargeCheckDue(order.orderId(), attempt);
        owedBackIfCharged(order, attempt);
        if (due.isPresent() && !clock.instant().isBefore(due.get())) {
            orders.lateChargeChecked(order.orderId(), attempt);
        }
        return Followup.DONE;
    }

    /**
     * The attempt ended without its charge becoming the order's (declined, released, or a newer attempt). If the
     * provider nevertheless holds a successful charge for it (it arrived late, or the function died between a failed
     * transition and the refund record), that money is owed back: one refund per attempt, so a repeat records nothing.
     */
    private void owedBackIfCharged(Order order, int attempt) {
        if (attempt > order.paymentAttempt()) {
            return;
        }
        Optional<Charge> charge = gateway.findCharge(order.chargeKey(attempt));
        if (charge.isPresent() && charge.get().succeeded() && !charge.get().chargeId().equals(order.chargeId())) {
            if (orders.recordRefund(Refund.owedForAttempt(order, attempt, charge.get().chargeId(),
                    "charged after the payment attempt had ended", clock.instant()))) {
                metrics.count(CheckoutEvent.LATE_CHARGE_OWED_BACK);
            }
        }
    }
}
