package io.flashcheckout.checkout;

import io.flashcheckout.payment.ChargeOutcome;
import io.flashcheckout.payment.ChargeRequest;
import io.flashcheckout.payment.DeclineCode;
import io.flashcheckout.payment.PaymentGateway;
import io.flashcheckout.payment.PaymentProviderUnavailableException;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.store.OrderStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pay: RESERVED -> PAYING (conditional on status, version, a hold that has not ended and an attempt left), charge
 * with the attempt's idempotency key, PAYING -> PAID. A decline returns the order to RESERVED with its decline
 * code; an unknown outcome leaves it PAYING for recovery. Paying a PAID or PAYING order again charges nothing. The
 * move to PAYING is what schedules the delayed checkout-recovery message (through the orders table's stream,
 * {@link OrderRelay}), so an attempt this function does not finish is settled anyway; pay itself sends nothing.
 *
 * <p>An order may start at most {@code maxAttempts} payment attempts (a cap against card testing: one hold must not
 * let a caller try card after card). The attempt after the last is refused with nothing written. The hold is kept
 * after the last declined attempt: the order stays RESERVED until the shopper cancels or the hold ends, exactly as
 * an order nobody pays, so the state machine and its release paths stay as they are.
 *
 * <p><b>Limits per card.</b> Before the move to PAYING the provider gives the token's card fingerprint, and that
 * move adds the order's units to the card's count in the sale, within the sale's per-customer limit: fifty accounts
 * paying with one card get the limit, not fifty times it. A card at its limit is refused ({@code card-limit-reached})
 * with nothing written; the order may be paid with another card. A provider that cannot give the fingerprint is
 * {@code busy}, nothing written; a token it knows no card for is declined as {@code card-declined} through the usual
 * decline path (the attempt counts, so trying token after token still meets the attempt cap).
 *
 * <p><b>Limits per verified phone.</b> When the shopper's token vouches for a phone number ({@code phone_number} with
 * {@code phone_number_verified} true), the same move counts the units on the phone's item too, under the same limit
 * ({@code phone-limit-reached}). At pay, not at reserve: a phone is one more identity behind the money, like the
 * card, and counting it where the card is counted keeps one set of release paths; reserve's own count already binds
 * each account's holds.
 */
public final class PayService {
    private static final Logger LOG = LoggerFactory.getLogger(PayService.class);
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final int MAX_ROUNDS = 5;
    /** Payment attempts an order may start unless configured otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final OrderStore orders;
    private final OrderLookup lookup;
    private final SaleLookup sales;
    private final PaymentGateway gateway;
    private final ChargeSettlement settlement;
    private final RecoverySettings recovery;
    private final CheckoutMetrics metrics;
    private final Clock clock;
    private final int maxAttempts;

    public PayService(OrderStore orders, SaleLookup sales, PaymentGateway gateway, ChargeSettlement settlement,
                      RecoverySettings recovery, CheckoutMetrics metrics, Clock clock) {
        this(orders, sales, gateway, settlement, recovery, metrics, clock, DEFAULT_MAX_ATTEMPTS);
    }

    public PayService(OrderStore orders, SaleLookup sales, PaymentGateway gateway, ChargeSettlement settlement,
                      RecoverySettings recovery, CheckoutMetrics metrics, Clock clock, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.orders = orders;
        this.lookup = new OrderLookup(orders);
        this.sales = sales;
        this.gateway = gateway;
        this.settlement = settlement;
        this.recovery = recovery;
        this.metrics = metrics;
        this.clock = clock;
    }

    public PaymentResult pay(String orderId, Requester shopper, String paymentToken) {
        if (paymentToken == null || !TOKEN.matcher(paymentToken).matches()) {
            throw new CheckoutException.InvalidInput("paymentToken must be 1-200 visible ASCII characters");
        }
        Optional<String> card = null; // asked once, when the order is first seen payable
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Order order = lookup.get(orderId, shopper);
            Instant now = clock.instant();
            switch (order.status()) {
                case PAID, PAYING -> {
                    return new PaymentResult(order);
                }
                case RESERVED -> {
                    if (order.holdEndedAt(now)) {
                        throw new CheckoutException.HoldExpired("the hold on order " + orderId + " ended at " + order.holdExpiresAt());
                    }
                    if (!order.mayAttemptPayment(maxAttempts)) {
                        throw exhausted(order);
                    }
                }
                default -> throw new CheckoutException.NotPayable("order " + orderId + " is " + order.status());
            }
            if (card == null) {
                card = cardOf(paymentToken);
                now = clock.instant();
            }
            Order paying = order.startPayment(now, card.orElse(null), card.isPresent() ? shopper.phoneDigest() : null);
            if (startPayment(order, paying, now)) {
                if (card.isEmpty()) {
                    throw declined(paying, DeclineCode.CARD_DECLINED);
                }
                if (clock.instant().isAfter(paying.updatedAt().plus(recovery.paymentGrace().dividedBy(2)))) {
                    // so slow already that recovery may soon decide "nothing charged": a charge sent now could
                    // arrive after that decision, so none is sent and the attempt is left to recovery
                    LOG.warn("order {} not charged: half the payment grace passed before the charge", paying.orderId());
                    metrics.count(CheckoutEvent.PAYMENT_UNKNOWN);
                    return new PaymentResult(paying);
                }
                return charge(paying, paymentToken);
            }
        }
        throw new CheckoutException.NotPayable("order " + orderId + " kept changing; try again");
    }

    /** The card's fingerprint; empty when the provider knows no card for the token. Nothing is written before it. */
    private Optional<String> cardOf(String paymentToken) {
        try {
            return gateway.cardFingerprint(paymentToken);
        } catch (PaymentProviderUnavailableException e) {
            LOG.warn("card fingerprint lookup failed: {}", e.getMessage());
            throw new CheckoutException.Busy("the payment provider is not answering; nothing was charged, try again", e);
        }
    }

    private boolean startPayment(Order order, Order paying, Instant now) {
        if (paying.countedCard() == null && paying.countedPhone() == null) {
            return orders.startPayment(order, paying, now, maxAttempts);
        }
        try {
            return orders.startPayment(order, paying, now, maxAttempts, sales.get(order.saleId()).perCustomerLimit());
        } catch (CheckoutException.CardLimitReached e) {
            metrics.count(CheckoutEvent.CARD_LIMIT_REACHED);
            throw e;
        } catch (CheckoutException.PhoneLimitReached e) {
            metrics.count(CheckoutEvent.PHONE_LIMIT_REACHED);
            throw e;
        }
    }

    private CheckoutException declined(Order paying, DeclineCode code) {
        settlement.declined(paying, code);
        metrics.count(CheckoutEvent.DECLINED);
        return new CheckoutException.PaymentDeclined(code);
    }

    private CheckoutException exhausted(Order order) {
        return new CheckoutException.PaymentAttemptsExhausted("order " + order.orderId() + " has used its "
                + maxAttempts + " payment attempts; it stays reserved until it is cancelled or its hold ends at "
                + order.holdExpiresAt());
    }

    private PaymentResult charge(Order paying, String paymentToken) {
        ChargeOutcome outcome = gateway.charge(
                new ChargeRequest(paying.chargeKey(), paying.amount(), paymentToken, paying.orderId()));
        return switch (outcome) {
            case ChargeOutcome.Approved approved -> {
                Order paid = settlement.charged(paying, approved.chargeId()).orElseThrow(() -> new CheckoutException.NotPayable(
                        "order " + paying.orderId() + " changed while it was charged; the charge will be refunded"));
                metrics.count(CheckoutEvent.PAID);
                yield new PaymentResult(paid);
            }
            case ChargeOutcome.Declined declined -> throw declined(paying, declined.code());
            case ChargeOutcome.Unknown unknown -> {
                metrics.count(CheckoutEvent.PAYMENT_UNKNOWN);
                yield new PaymentResult(paying);
            }
        };
    }
}
