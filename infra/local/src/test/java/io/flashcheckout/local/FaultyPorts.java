package io.flashcheckout.local;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.payment.Charge;
import io.flashcheckout.payment.ChargeOutcome;
import io.flashcheckout.payment.ChargeRequest;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.payment.PaymentProviderUnavailableException;
import io.flashcheckout.payment.RefundOutcome;
import io.flashcheckout.payment.RefundRequest;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.OutboxMessage;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.RefundIssuedEvent;
import io.flashcheckout.queue.RefundMessage;
import io.flashcheckout.store.DueLateChargeCheck;
import io.flashcheckout.store.DueOrder;
import io.flashcheckout.store.DueRefund;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.store.ReserveOutcome;
import io.flashcheckout.store.ShardTake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The seams where faults are injected: the order store (a crash right after a write committed), the queues (a
 * crash before a send, or SQS refusing it) and the payment provider (a crash after it charged or refunded, a lookup
 * it cannot answer). Each wraps the real adapter; the points are named {@code <port>.<operation>.<when>}.
 */
final class FaultyPorts {
    private FaultyPorts() {}

    static final class Store implements OrderStore {
        private final OrderStore real;
        private final FaultPlan plan;

        Store(OrderStore real, FaultPlan plan) {
            this.real = real;
            this.plan = plan;
        }

        @Override
        public ReserveOutcome reserve(Sale sale, Order order, List<ShardTake> takes) {
            ReserveOutcome outcome = real.reserve(sale, order, takes);
            if (outcome instanceof ReserveOutcome.Reserved) {
                plan.crashIfArmed("store.reserve.after-commit");
            }
            return outcome;
        }

        @Override
        public Optional<Order> find(String orderId) {
            return real.find(orderId);
        }

        @Override
        public boolean transition(Order current, Order next, Instant holdMustLastPast) {
            boolean written = real.transition(current, next, holdMustLastPast);
            if (written) {
                plan.crashIfArmed("store.transition-to-" + next.status() + ".after-commit");
            }
            return written;
        }

        @Override
        public boolean startPayment(Order reserved, Order paying, Instant holdMustLastPast, int maxAttempts, int cardLimit) {
            boolean written = real.startPayment(reserved, paying, holdMustLastPast, maxAttempts, cardLimit);
            if (written) {
                plan.crashIfArmed("store.transition-to-" + paying.status() + ".after-commit");
            }
            return written;
        }

        @Override
        public boolean release(Order current, Order next, Refund refund, Instant holdEndedBy) {
            boolean written = real.release(current, next, refund, holdEndedBy);
            if (written) {
                plan.crashIfArmed("store.release-to-" + next.status() + ".after-commit");
            }
            return written;
        }

        @Override
        public boolean recordRefund(Refund refund) {
            boolean written = real.recordRefund(refund);
            plan.crashIfArmed("store.record-refund.after-commit");
            return written;
        }

        @Override
        public Optional<Refund> findRefund(String refundId) {
            return real.findRefund(refundId);
        }

        @Override
        public boolean settleRefund(Refund pending, Refund refunded, Order order, Order refundedOrder) {
            boolean written = real.settleRefund(pending, refunded, order, refundedOrder);
            if (written) {
                plan.crashIfArmed("store.settle-refund.after-commit");
            }
            return written;
        }

        @Override
        public List<DueOrder> dueOrders(OrderStatus status, Instant dueBy, int limit) {
            return real.dueOrders(status, dueBy, limit);
        }

        @Override
        public List<DueRefund> pendingRefunds(Instant recordedBy, int limit) {
            return real.pendingRefunds(recordedBy, limit);
        }

        @Override
        public void postpone(DueOrder due, Instant nextLook) {
            real.postpone(due, nextLook);
        }

        @Override
        public void postpone(DueRefund due, Instant nextLook) {
            real.postpone(due, nextLook);
        }

        @Override
        public void scheduleLateChargeCheck(String orderId, int paymentAttempt, Instant dueAt) {
            real.scheduleLateChargeCheck(orderId, paymentAttempt, dueAt);
        }

        @Override
        public Optional<Instant> lateChargeCheckDue(String orderId, int paymentAttempt) {
            return real.lateChargeCheckDue(orderId, paymentAttempt);
        }

        @Override
        public void lateChargeChecked(String orderId, int paymentAttempt) {
            real.lateChargeChecked(orderId, paymentAttempt);
        }

        @Override
        public List<DueLateChargeCheck> dueLateChargeChecks(Instant dueBy, int limit) {
            return real.dueLateChargeChecks(dueBy, limit);
        }

        @Override
        public void postpone(DueLateChargeCheck due, Instant nextLook) {
            real.postpone(due, nextLook);
        }

        @Override
        public void parkRefund(String refundId) {
            real.parkRefund(refundId);
        }

        @Override
        public List<Refund> refundsChangedBetween(Instant from, Instant to) {
            return real.refundsChangedBetween(from, to);
        }

        @Override
        public long unitsHeld(String saleId, String customerId) {
            return real.unitsHeld(saleId, customerId);
        }

        @Override
        public long cardUnits(String saleId, String fingerprint) {
            return real.cardUnits(saleId, fingerprint);
        }

        @Override
        public long phoneUnits(String saleId, String phoneDigest) {
            return real.phoneUnits(saleId, phoneDigest);
        }
    }

    static final class Queues implements CheckoutQueues {
        private final Supplier<CheckoutQueues> real;
        private final FaultPlan plan;

        Queues(Supplier<CheckoutQueues> real, FaultPlan plan) {
            this.real = real;
            this.plan = plan;
        }

        private void before(String queue) {
            plan.crashIfArmed("queues." + queue + ".crash-before-send");
            if (plan.fires("queues." + queue + ".refused")) {
                throw new QueueSendException("injected: SQS refused the send to " + queue, null);
            }
        }

        @Override
        public void scheduleExpiry(HoldExpiryMessage message, Duration delay) {
            before("hold-expiry");
            real.get().scheduleExpiry(message, delay);
        }

        @Override
        public void scheduleRecovery(RecoveryMessage message, Duration delay) {
            before("checkout-recovery");
            real.get().scheduleRecovery(message, delay);
        }

        @Override
        public void requestRefund(RefundMessage message) {
            before("refunds");
            real.get().requestRefund(message);
        }

        @Override
        public void announceRefund(RefundIssuedEvent event) {
            before("refund-issued");
            real.get().announceRefund(event);
        }

        /** The faults per message, then one batch send of the messages they let through. */
        @Override
        public List<Integer> sendAll(List<OutboxMessage> messages) {
            List<Integer> failed = new ArrayList<>();
            List<Integer> passed = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                try {
                    before(messages.get(i).queue().baseName());
                    passed.add(i);
                } catch (QueueSendException e) {
                    failed.add(i);
                }
            }
            real.get().sendAll(passed.stream().map(messages::get).toList()).forEach(i -> failed.add(passed.get(i)));
            return failed.stream().sorted().toList();
        }
    }

    static final class Gateway implements PaymentGateway {
        private final PaymentGateway real;
        private final FaultPlan plan;

        Gateway(PaymentGateway real, FaultPlan plan) {
            this.real = real;
            this.plan = plan;
        }

        @Override
        public ChargeOutcome charge(ChargeRequest request) {
            plan.crashIfArmed("psp.charge.crash-before");
            ChargeOutcome outcome = real.charge(request);
            plan.crashIfArmed("psp.charge.crash-after");
            if (plan.fires("psp.charge.answer-lost")) {
                return new ChargeOutcome.Unknown("injected: the answer was lost");
            }
            return outcome;
        }

        @Override
        public Optional<String> cardFingerprint(String paymentToken) {
            return real.cardFingerprint(paymentToken);
        }

        @Override
        public RefundOutcome refund(RefundRequest request) {
            if (plan.fires("psp.refund.unavailable")) {
                return new RefundOutcome.Unknown("injected: provider unavailable");
            }
            if (plan.fires("psp.refund.rejected")) {
                return new RefundOutcome.Rejected("injected: refund_rejected");
            }
            RefundOutcome outcome = real.refund(request);
            plan.crashIfArmed("psp.refund.crash-after");
            return outcome;
        }

        @Override
        public Optional<Charge> findCharge(String idempotencyKey) {
            if (plan.fires("psp.find-charge.unavailable")) {
                throw new PaymentProviderUnavailableException("injected: the provider cannot answer", null);
            }
            return real.findCharge(idempotencyKey);
        }
    }
}
