package io.flashcheckout.local;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.PaymentResult;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Reservation;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.local.finance.DeadLetterRedrive;
import io.flashcheckout.payment.ChargeRequest;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.Messages;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.RefundIssuedEvent;
import io.flashcheckout.store.OrderStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A crash or fault after each step of reserve, pay, cancel and the workers, on real emulators: after the queues
 * drain (and the sweeper ran where a message was never sent), DESIGN.md's invariants 1-5 hold, read from the tables
 * and the PSP simulator's ledger.
 */
abstract class RecoveryFaults {
    private static final Duration HOLD = Duration.ofSeconds(600);
    private static final Duration PAST_GRACE = Duration.ofSeconds(61);
    private static final AtomicInteger SALES = new AtomicInteger();
    /** Set by each subclass's {@code @BeforeAll}: the backends the faults are injected on. */
    static CheckoutRig rig;

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
            rig = null;
        }
    }

    @AfterEach
    void disarm() {
        rig.faults.disarmAll();
        rig.clock.advance(Duration.ofHours(1));
        rig.drain();
    }

    private static Sale openSale(long stock) {
        String id = "faults-" + SALES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        return rig.sales().create(new NewSale(id, "PHONE-M3", "Poco M3", Money.of("149.00", "EUR"), stock, 2,
                rig.clock.instant().minusSeconds(60), rig.clock.instant().plus(Duration.ofDays(1)), (int) HOLD.toSeconds(), 2)).sale();
    }

    private static Order reserve(Sale sale, String customer) {
        return rig.reserve().reserve(sale.saleId(), Requester.shopper(customer), 1, "key-" + customer + "-" + sale.saleId()).order();
    }

    private static Order order(String orderId) {
        return rig.context.getBean(OrderStore.class).find(orderId).orElseThrow();
    }

    private static long available(Sale sale) {
        return rig.sales().view(sale.saleId()).available();
    }

    @Test
    void aReservationLeftUnpaidExpiresAndFreesItsUnit() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "alice");
        assertThat(available(sale)).isEqualTo(2);

        rig.clock.advance(Duration.ofSeconds(300));
        rig.workers.pollOnce();
        assertThat(order(order.orderId()).status()).as("half way through the hold").isEqualTo(OrderStatus.RESERVED);

        rig.clock.advance(Duration.ofSeconds(301));
        rig.drain();

        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(available(sale)).isEqualTo(3);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aCrashAfterTheReserveCommitStillGetsItsExpiryFromTheOrdersStream() {
        Sale sale = openSale(3);
        rig.faults.arm("store.reserve.after-commit", 1);

        assertThatThrownBy(() -> reserve(sale, "bob")).isInstanceOf(Crash.class);
        Reservation retried = rig.reserve().reserve(sale.saleId(), Requester.shopper("bob"), 1, "key-bob-" + sale.saleId());
        assertThat(retried.replayed()).as("the shopper's retry finds the order the crash left").isTrue();
        assertThat(available(sale)).isEqualTo(2);

        rig.clock.advance(HOLD.plusSeconds(1));
        rig.drain();

        assertThat(order(retried.order().orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(available(sale)).isEqualTo(3);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void theSweeperResendsAStuckPaymentOnceEveryResweepNotEveryMinute() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "sweepy");
        // the relay has not run: the attempt's recovery message is not out yet
        rig.faults.arm("psp.charge.crash-after", 1);
        assertThatThrownBy(() -> rig.pay().pay(order.orderId(), Requester.shopper("sweepy"), "tok_approve")).isInstanceOf(Crash.class);
        rig.takeAll(rig.queueUrl(QueueNames.HOLD_EXPIRY));
        rig.clock.advance(PAST_GRACE);

        rig.sweep();
        int first = rig.takeAll(rig.queueUrl(QueueNames.CHECKOUT_RECOVERY)).size();
        rig.clock.advance(Duration.ofMinutes(1));
        rig.sweep();
        int minuteLater = rig.takeAll(rig.queueUrl(QueueNames.CHECKOUT_RECOVERY)).size();
        rig.clock.advance(Duration.ofMinutes(15));
        rig.sweep();
        rig.drain();

        assertThat(first).isEqualTo(1);
        assertThat(minuteLater).as("nothing re-sent within the resweep interval").isZero();
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.PAID);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aQueueThatKeepsRefusingStopsOnlyItsOwnSweep() {
        Sale sale = openSale(3);
        Order walker = reserve(sale, "walker");
        Order stuck = reserve(sale, "stuck");
        rig.faults.arm("psp.charge.crash-after", 1);
        assertThatThrownBy(() -> rig.pay().pay(stuck.orderId(), Requester.shopper("stuck"), "tok_approve")).isInstanceOf(Crash.class);
        rig.takeAll(rig.queueUrl(QueueNames.HOLD_EXPIRY));
        rig.clock.advance(HOLD.plusSeconds(1));
        rig.faults.arm("queues.hold-expiry.refused", 1_000);

        rig.sweep();
        int recoveriesSent = rig.depths().get("checkout-recovery");
        int expiriesWaiting = rig.depths().get("hold-expiry"); // none: the relay has not run
        rig.faults.disarmAll();
        rig.sweep();
        int expiriesSentNextRun = rig.depths().get("hold-expiry") - expiriesWaiting;
        rig.drain();

        assertThat(recoveriesSent).as("the payment sweep ran although the hold-expiry queue refused").isEqualTo(1);
        assertThat(expiriesSentNextRun).as("the refused hold was not postponed: the next run sends it").isEqualTo(1);
        assertThat(order(walker.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(order(stuck.orderId()).status()).isEqualTo(OrderStatus.PAID);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void sqsRefusingTheExpiryMessageDoesNotFailTheReservation() {
        Sale sale = openSale(3);
        rig.faults.arm("queues.hold-expiry.refused", 1);

        Order order = reserve(sale, "carol");

        assertThat(order.status()).isEqualTo(OrderStatus.RESERVED);
        rig.clock.advance(HOLD.plusSeconds(1));
        rig.sweep();
        rig.drain();
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aCrashAfterTheChargeBeforePaidIsFinishedByRecovery() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "dave");
        rig.faults.arm("psp.charge.crash-after", 1);

        assertThatThrownBy(() -> rig.pay().pay(order.orderId(), Requester.shopper("dave"), "tok_approve"))
                .isInstanceOf(Crash.class);
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.PAYING);
        assertThat(rig.psp.ledger().chargeCountForReference(order.orderId())).isEqualTo(1);

        rig.workers.pollOnce();
        assertThat(order(order.orderId()).status()).as("within the payment grace nothing is decided").isEqualTo(OrderStatus.PAYING);
        rig.clock.advance(PAST_GRACE);
        rig.drain();

        Order recovered = order(order.orderId());
        assertThat(recovered.status()).isEqualTo(OrderStatus.PAID);
        assertThat(recovered.chargeId()).isEqualTo(rig.psp.ledger().chargeForKey(order.orderId() + "/1").orElseThrow().chargeId());
        rig.clock.advance(HOLD);
        rig.drain();
        assertThat(order(order.orderId()).status()).as("a paid order's expiry message changes nothing").isEqualTo(OrderStatus.PAID);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aCrashAfterPayingIsWrittenBeforeTheChargeReturnsTheUnitOnceTheHoldIsOver() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "erin");
        rig.faults.arm("store.transition-to-PAYING.after-commit", 1);

        assertThatThrownBy(() -> rig.pay().pay(order.orderId(), Requester.shopper("erin"), "tok_approve"))
                .isInstanceOf(Crash.class);
        rig.clock.advance(HOLD.plusSeconds(1));
        rig.sweep();
        rig.drain();

        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(rig.psp.ledger().chargeCountForReference(order.orderId())).isZero();
        assertThat(available(sale)).isEqualTo(3);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void providerTimeoutsAndErrorsAfterChargingEndPaid() {
        Sale sale = openSale(4);
        Order timedOut = reserve(sale, "frank");
        Order errored = reserve(sale, "grace");

        PaymentResult first = rig.pay().pay(timedOut.orderId(), Requester.shopper("frank"), "tok_timeout");
        PaymentResult second = rig.pay().pay(errored.orderId(), Requester.shopper("grace"), "tok_error_after_charge");

        assertThat(first.pending()).isTrue();
        assertThat(second.pending()).isTrue();
        rig.clock.advance(PAST_GRACE);
        rig.drain();
        assertThat(order(timedOut.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(order(errored.orderId()).status()).isEqualTo(OrderStatus.PAID);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void nothingChargedReturnsTheOrderToReservedSoTheShopperCanPayAgain() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "heidi");

        assertThat(rig.pay().pay(order.orderId(), Requester.shopper("heidi"), "tok_unavailable").pending()).isTrue();
        rig.clock.advance(PAST_GRACE);
        rig.pollUntil(() -> order(order.orderId()).status() != OrderStatus.PAYING, Duration.ofSeconds(20));
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(order(order.orderId()).declineReason()).isEqualTo("payment-not-completed");

        PaymentResult paid = rig.pay().pay(order.orderId(), Requester.shopper("heidi"), "tok_approve");
        assertThat(paid.order().status()).isEqualTo(OrderStatus.PAID);
        rig.clock.advance(HOLD);
        rig.drain();
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aChargeTheProviderRecordsAfterRecoveryFoundNoneIsOwedBack() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "late-charge");
        rig.faults.arm("psp.charge.crash-before", 1);
        assertThatThrownBy(() -> rig.pay().pay(order.orderId(), Requester.shopper("late-charge"), "tok_approve"))
                .isInstanceOf(Crash.class);
        rig.clock.advance(PAST_GRACE);
        rig.pollUntil(() -> order(order.orderId()).status() == OrderStatus.RESERVED, Duration.ofSeconds(20));

        // the charge that was on its way reaches the provider after all, under the attempt's key
        rig.context.getBean(PaymentGateway.class).charge(new ChargeRequest(order.orderId() + "/1", order.amount(),
                "tok_approve", order.orderId()));
        rig.context.getBean(CheckoutQueues.class).scheduleRecovery(RecoveryMessage.of(order.orderId(), 1), Duration.ZERO);
        rig.clock.advance(HOLD);
        rig.drain();

        Refund owed = rig.context.getBean(OrderStore.class).findRefund("rf-" + order.orderId() + "-1").orElseThrow();
        assertThat(owed.status()).isEqualTo(Refund.Status.REFUNDED);
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aLateChargeIsFoundByTheSweeperWhenTheSecondLooksMessageIsLost() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "lost-look");
        rig.faults.arm("psp.charge.crash-before", 1);
        assertThatThrownBy(() -> rig.pay().pay(order.orderId(), Requester.shopper("lost-look"), "tok_approve"))
                .isInstanceOf(Crash.class);
        rig.clock.advance(PAST_GRACE);
        rig.pollUntil(() -> order(order.orderId()).status() == OrderStatus.RESERVED, Duration.ofSeconds(20));
        // the message that should bring the second look in 15 minutes is lost
        rig.sqs.purgeQueue(b -> b.queueUrl(rig.queueUrl(QueueNames.CHECKOUT_RECOVERY)));

        // the charge that was on its way reaches the provider after all, under the attempt's key
        rig.context.getBean(PaymentGateway.class).charge(new ChargeRequest(order.orderId() + "/1", order.amount(),
                "tok_approve", order.orderId()));
        rig.clock.advance(Duration.ofMinutes(21));
        rig.sweep();
        rig.drain();

        Refund owed = rig.context.getBean(OrderStore.class).findRefund("rf-" + order.orderId() + "-1").orElseThrow();
        assertThat(owed.status()).isEqualTo(Refund.Status.REFUNDED);
        assertThat(rig.context.getBean(OrderStore.class).lateChargeCheckDue(order.orderId(), 1)).as("second look done").isEmpty();
        rig.clock.advance(HOLD);
        rig.drain();
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aProviderThatCannotSayWhetherItChargedKeepsTheStockHeldUntilItCan() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "ivan");
        rig.faults.arm("psp.charge.crash-after", 1);
        assertThatThrownBy(() -> rig.pay().pay(order.orderId(), Requester.shopper("ivan"), "tok_approve")).isInstanceOf(Crash.class);
        rig.faults.arm("psp.find-charge.unavailable", 3);

        rig.clock.advance(HOLD.plusSeconds(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rig.faults.fired("psp.find-charge.unavailable") < 3 && System.nanoTime() < deadline) {
            rig.workers.pollOnce();
            assertThat(order(order.orderId()).status()).as("never released while the outcome is unknown").isEqualTo(OrderStatus.PAYING);
            assertThat(available(sale)).isEqualTo(2);
            CheckoutRig.pause(Duration.ofMillis(100));
        }
        assertThat(rig.faults.fired("psp.find-charge.unavailable")).isEqualTo(3);
        rig.drain();

        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.PAID);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aPaidOrderCancelledByAnAdminIsRefundedAndFinanceHearsOfItOnce() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "judy");
        rig.pay().pay(order.orderId(), Requester.shopper("judy"), "tok_approve");

        Order cancelled = rig.release().cancel(order.orderId(), Requester.admin("ops"), "scalper: unusual activity");
        assertThat(cancelled.status()).isEqualTo(OrderStatus.REFUND_PENDING);
        assertThat(available(sale)).as("the unit is back on sale at once").isEqualTo(3);
        rig.drain();

        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.REFUNDED);
        List<RefundIssuedEvent> events = financeEvents();
        assertThat(events).filteredOn(e -> e.orderId().equals(order.orderId())).singleElement().satisfies(e -> {
            assertThat(e.refundId()).isEqualTo(cancelled.refundId());
            assertThat(e.amount()).isEqualTo("149.00");
            assertThat(e.reason()).isEqualTo("scalper: unusual activity");
            assertThat(e.providerRefundId()).isNotBlank();
        });
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aCrashAfterTheRefundRecordBeforeTheRelayStillRefunds() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "ken");
        rig.pay().pay(order.orderId(), Requester.shopper("ken"), "tok_approve");
        rig.faults.arm("store.release-to-REFUND_PENDING.after-commit", 1);

        assertThatThrownBy(() -> rig.release().cancel(order.orderId(), Requester.shopper("ken"), null)).isInstanceOf(Crash.class);
        rig.drain();

        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.REFUNDED);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aRefundWorkerDyingAfterTheProviderRefundedDoesNotRefundTwice() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "lena");
        rig.pay().pay(order.orderId(), Requester.shopper("lena"), "tok_approve");
        rig.faults.arm("psp.refund.crash-after", 1);
        rig.faults.arm("psp.refund.unavailable", 1);
        rig.faults.arm("queues.refunds.refused", 1);

        rig.release().cancel(order.orderId(), Requester.shopper("lena"), null);
        rig.drain();

        assertThat(rig.faults.fired("psp.refund.crash-after")).isEqualTo(1);
        assertThat(rig.faults.fired("queues.refunds.refused")).isEqualTo(1);
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.REFUNDED);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aRefundTheProviderRejectsWaitsInTheDeadLetterQueueUntilItIsRedriven() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "rita");
        rig.pay().pay(order.orderId(), Requester.shopper("rita"), "tok_approve");
        rig.faults.arm("psp.refund.rejected", 100);

        Order cancelled = rig.release().cancel(order.orderId(), Requester.admin("ops"), "unusual activity");
        String deadLetters = rig.deadLetterUrl(QueueNames.REFUNDS);
        rig.pollUntil(() -> deadLetterCount(deadLetters) == 1, Duration.ofSeconds(60));
        rig.clock.advance(Duration.ofMinutes(30));
        rig.sweep();

        assertThat(rig.depths().get("refunds")).as("the sweeper leaves a rejected refund alone").isZero();
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.REFUND_PENDING);
        assertThat(rig.psp.ledger().refundsForCharge(cancelled.chargeId())).isEmpty();

        rig.faults.disarmAll();
        new DeadLetterRedrive(rig.sqs, deadLetters, rig.queueUrl(QueueNames.REFUNDS)).run(Long.MAX_VALUE);
        rig.drain();

        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.REFUNDED);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void aWorkerDyingMidBatchLeavesNothingHalfDone() {
        Sale sale = openSale(30);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(reserve(sale, "batch-" + i));
        }
        rig.clock.advance(HOLD.plusSeconds(1));
        rig.faults.arm("store.release-to-EXPIRED.after-commit", 2);

        rig.drain();

        assertThat(rig.faults.fired("store.release-to-EXPIRED.after-commit")).isEqualTo(2);
        assertThat(orders).allSatisfy(o -> assertThat(order(o.orderId()).status()).isEqualTo(OrderStatus.EXPIRED));
        assertThat(available(sale)).isEqualTo(30);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void duplicatedAndReorderedMessagesChangeNothingTwice() {
        Sale sale = openSale(40);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            orders.add(reserve(sale, "dup-" + i));
        }
        for (int i = 0; i < 8; i++) {
            rig.pay().pay(orders.get(i).orderId(), Requester.shopper("dup-" + i), "tok_approve");
        }
        for (int i = 8; i < 12; i++) {
            rig.pay().pay(orders.get(i).orderId(), Requester.shopper("dup-" + i), "tok_timeout");
        }
        for (int i = 0; i < 4; i++) {
            rig.release().cancel(orders.get(i).orderId(), Requester.admin("ops"), "duplicate account");
        }
        for (int i = 12; i < 16; i++) {
            rig.release().cancel(orders.get(i).orderId(), Requester.shopper("dup-" + i), null);
        }
        rig.clock.advance(HOLD.plusSeconds(1));

        rig.drainWithDuplicates();

        assertThat(orders.subList(0, 4)).allSatisfy(o -> assertThat(order(o.orderId()).status()).isEqualTo(OrderStatus.REFUNDED));
        assertThat(orders.subList(4, 12)).allSatisfy(o -> assertThat(order(o.orderId()).status()).isEqualTo(OrderStatus.PAID));
        assertThat(orders.subList(12, 16)).allSatisfy(o -> assertThat(order(o.orderId()).status()).isEqualTo(OrderStatus.CANCELLED));
        assertThat(orders.subList(16, 24)).allSatisfy(o -> assertThat(order(o.orderId()).status()).isEqualTo(OrderStatus.EXPIRED));
        assertThat(available(sale)).isEqualTo(40 - 8);
        Invariants.check(rig, sale.saleId(), true);
    }

    @Test
    void malformedAndUnknownMessagesLandInTheDeadLetterQueueAndChangeNothing() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "mallory");
        String url = rig.queueUrl(QueueNames.HOLD_EXPIRY);
        rig.sqs.sendMessage(b -> b.queueUrl(url).messageBody("{not json"));
        rig.sqs.sendMessage(b -> b.queueUrl(url).messageBody(
                "{\"type\":\"hold-expiry\",\"version\":1,\"orderId\":\"o-00000000000000000000000000000000\",\"holdExpiresAt\":\"2026-11-23T10:00:00Z\"}"));
        rig.sqs.sendMessage(b -> b.queueUrl(url).messageBody(
                "{\"type\":\"hold-expiry\",\"version\":1,\"orderId\":\"" + order.orderId() + "\",\"holdExpiresAt\":\"soon\"}"));
        rig.sqs.sendMessage(b -> b.queueUrl(url).messageBody(
                "{\"type\":\"hold-expiry\",\"version\":2,\"orderId\":\"" + order.orderId() + "\",\"holdExpiresAt\":\"2026-11-23T10:00:00Z\"}"));
        String deadLetters = rig.deadLetterUrl(QueueNames.HOLD_EXPIRY);

        rig.pollUntil(() -> deadLetterCount(deadLetters) == 4, Duration.ofSeconds(60));

        assertThat(rig.takeAll(deadLetters)).hasSize(4);
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(available(sale)).isEqualTo(2);
        Invariants.check(rig, sale.saleId(), false);
    }

    @Test
    void anUnknownOrderCannotBeCancelledAndAnotherShoppersOrderIsNotFound() {
        Sale sale = openSale(3);
        Order order = reserve(sale, "nina");

        assertThatThrownBy(() -> rig.release().cancel(order.orderId(), Requester.shopper("oscar"), null))
                .isInstanceOf(CheckoutException.NotFound.class);
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.RESERVED);
    }

    private static int deadLetterCount(String url) {
        return Integer.parseInt(rig.sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().values().iterator().next());
    }

    private static List<RefundIssuedEvent> financeEvents() {
        return rig.takeAll(rig.queueUrl(QueueNames.REFUND_ISSUED)).stream().map(m -> Messages.refundIssued(m.body())).toList();
    }
}
