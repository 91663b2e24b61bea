package io.flashcheckout.local;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Reservation;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.psp.SimulatorConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small flash sale under everything at once: shoppers racing on 8 threads for fewer units than they are, paying
 * with every test token, cancelling, walking away, admins cancelling paid orders; a provider that is slow and fails
 * at random before and after charging; crashes armed at the seams; every queue message delivered twice and out of
 * order. Once the queues drain, invariants 1-5 hold, and 6: each shopper's retry with the same key gets the same
 * order and takes nothing more.
 */
class FlashSaleChaosTest {
    private static final List<String> TOKENS = List.of("tok_approve", "tok_approve", "tok_approve", "tok_decline",
            "tok_timeout", "tok_error_after_charge", "tok_unavailable");

    @Test
    void invariantsHoldAfterARaceWithFaultsEverywhere() throws Exception {
        SimulatorConfig flaky = SimulatorConfig.defaults()
                .withLatency(Duration.ofMillis(5), Duration.ofMillis(40))
                .withFaultRates(0.1, 0.1)
                .withTimeoutDelay(Duration.ofSeconds(3))
                .withSeed(7);
        try (CheckoutRig rig = new CheckoutRig(flaky)) {
            Sale sale = rig.sales().create(new NewSale("chaos", "PHONE-M3", "Poco M3", Money.of("149.00", "EUR"), 40L, 1,
                    rig.clock.instant().minusSeconds(60), rig.clock.instant().plus(Duration.ofDays(1)), 600, 4)).sale();
            rig.faults.arm("store.reserve.after-commit", 2);
            rig.faults.arm("queues.hold-expiry.refused", 3);
            rig.faults.arm("psp.charge.crash-after", 2);
            rig.faults.arm("queues.checkout-recovery.refused", 2);
            rig.faults.arm("store.release-to-REFUND_PENDING.after-commit", 1);
            rig.faults.arm("psp.refund.crash-after", 1);
            rig.faults.arm("psp.find-charge.unavailable", 2);

            Map<String, String> orderOfShopper = new ConcurrentHashMap<>();
            ExecutorService shoppers = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                done.add(shoppers.submit(() -> shop(rig, n, orderOfShopper)));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            shoppers.shutdown();
            Invariants.check(rig, sale.saleId(), false);

            rig.clock.advance(Duration.ofSeconds(601));
            rig.sweep();
            rig.drainWithDuplicates();
            rig.clock.advance(Duration.ofMinutes(6));
            rig.sweep();
            rig.drainWithDuplicates();

            Invariants.check(rig, sale.saleId(), true);
            assertThat(rig.faults.fired("psp.charge.crash-after")).isEqualTo(2);
            assertThat(orderOfShopper).hasSizeGreaterThanOrEqualTo(40);
            orderOfShopper.forEach((shopper, orderId) -> {
                long before = rig.sales().view("chaos").available();
                Reservation again = rig.reserve().reserve("chaos", Requester.shopper(shopper), 1, key(shopper));
                assertThat(again.replayed()).isTrue();
                assertThat(again.order().orderId()).isEqualTo(orderId);
                assertThat(rig.sales().view("chaos").available()).isEqualTo(before);
            });
        }
    }

    private static void shop(CheckoutRig rig, int n, Map<String, String> orderOfShopper) {
        String shopper = "shopper-" + n;
        Random random = new Random(n);
        Requester me = Requester.shopper(shopper);
        Order order;
        try {
            order = reserveWithRetry(rig, me, shopper);
        } catch (CheckoutException.SoldOut | CheckoutException.LimitReached refused) {
            return;
        }
        orderOfShopper.put(shopper, order.orderId());
        int action = random.nextInt(10);
        try {
            if (action < 6) {
                rig.pay().pay(order.orderId(), me, TOKENS.get(random.nextInt(TOKENS.size())));
                if (action == 5) {
                    rig.release().cancel(order.orderId(), Requester.admin("ops"), "unusual activity");
                }
            } else if (action < 8) {
                rig.release().cancel(order.orderId(), me, null);
            }
            // else: walks away and lets the hold end
        } catch (CheckoutException refused) {
            // a decline, or an order that moved on: the shopper goes away
        } catch (Crash crashed) {
            // the function died; the queues and the sweeper finish its work
        }
    }

    /** A shopper whose reserve crashed retries with the same key, as a client does after a 5xx. */
    private static Order reserveWithRetry(CheckoutRig rig, Requester me, String shopper) {
        for (int attempt = 0; ; attempt++) {
            try {
                return rig.reserve().reserve("chaos", me, 1, key(shopper)).order();
            } catch (Crash crashed) {
                if (attempt > 3) {
                    throw crashed;
                }
            }
        }
    }

    private static String key(String shopper) {
        return "chaos-key-" + shopper;
    }
}
