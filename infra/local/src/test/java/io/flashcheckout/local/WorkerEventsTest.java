package io.flashcheckout.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.Messages;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.queue.RefundMessage;
import io.flashcheckout.store.OrderStore;
import io.flashcheckout.workers.CheckoutRecoveryHandler;
import io.flashcheckout.workers.HoldExpiryHandler;
import io.flashcheckout.workers.OrderRelayHandler;
import io.flashcheckout.workers.RefundHandler;
import io.flashcheckout.workers.RefundRelayHandler;
import io.flashcheckout.workers.SweeperHandler;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The events/ file of every queue, stream and schedule function, as Lambda would deliver it, through the function's
 * real handler class (what {@code sam local invoke -e events/<file>} does): each does its work on the real emulators.
 */
class WorkerEventsTest {
    private static final Path EVENTS = Path.of("../../events");
    private static CheckoutRig rig;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        rig = new CheckoutRig();
        json = rig.context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    private static <T> T event(String file, Class<T> type, Map<String, String> values) throws IOException {
        String text = Files.readString(EVENTS.resolve(file));
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        assertThat(text).as(file + " has every placeholder filled").doesNotContain("{{");
        return json.readValue(text.getBytes(StandardCharsets.UTF_8), type);
    }

    private static Sale sale() {
        return rig.sales().create(new NewSale("events-" + UUID.randomUUID().toString().substring(0, 8), "M3", "Poco M3",
                Money.of("149.00", "EUR"), 5L, 1, rig.clock.instant().minusSeconds(60), rig.clock.instant().plus(Duration.ofDays(1)),
                600, 1)).sale();
    }

    private static Order reserve(Sale sale, String customer) {
        return rig.reserve().reserve(sale.saleId(), Requester.shopper(customer), 1, "events-" + customer + "-" + sale.saleId()).order();
    }

    private static Order order(String id) {
        return rig.context.getBean(OrderStore.class).find(id).orElseThrow();
    }

    @Test
    void holdExpiryEventExpiresTheOrder() throws IOException {
        Order order = reserve(sale(), "alice");
        rig.clock.advance(Duration.ofSeconds(601));

        SQSBatchResponse response = new HoldExpiryHandler(rig.context).handleRequest(event("sqs-hold-expiry.json", SQSEvent.class,
                Map.of("ORDER_ID", order.orderId(), "HOLD_EXPIRES_AT", order.holdExpiresAt().toString())), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
    }

    @Test
    void checkoutRecoveryEventFinishesAPaymentWhoseFunctionDied() throws IOException {
        Order order = reserve(sale(), "bob");
        rig.faults.arm("psp.charge.crash-after", 1);
        assertThatThrownBy(() -> rig.pay().pay(order.orderId(), Requester.shopper("bob"), "tok_approve")).isInstanceOf(Crash.class);
        rig.clock.advance(Duration.ofSeconds(61));

        SQSBatchResponse response = new CheckoutRecoveryHandler(rig.context).handleRequest(event("sqs-checkout-recovery.json",
                SQSEvent.class, Map.of("ORDER_ID", order.orderId(), "PAYMENT_ATTEMPT", "1")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void refundStreamEventAsksForTheRefundAndTheRefundEventPaysItOut() throws IOException {
        Sale sale = sale();
        Order order = reserve(sale, "carol");
        rig.pay().pay(order.orderId(), Requester.shopper("carol"), "tok_approve");
        Order cancelled = rig.release().cancel(order.orderId(), Requester.admin("ops"), "unusual activity");
        rig.takeAll(rig.queueUrl(QueueNames.REFUNDS));
        Map<String, String> values = Map.of("REFUND_ID", cancelled.refundId(), "ORDER_ID", order.orderId(),
                "SALE_ID", sale.saleId(), "CUSTOMER_ID", "carol", "CHARGE_ID", cancelled.chargeId(), "AMOUNT", "149.00");

        StreamsEventResponse relayed = new RefundRelayHandler(rig.context).handleRequest(
                event("dynamodb-refund-stream.json", DynamodbEvent.class, values), null);

        assertThat(relayed.getBatchItemFailures()).isEmpty();
        assertThat(rig.takeAll(rig.queueUrl(QueueNames.REFUNDS))).singleElement()
                .satisfies(m -> assertThat(Messages.refund(m.body())).isEqualTo(RefundMessage.of(cancelled.refundId(), order.orderId())));

        SQSBatchResponse paidOut = new RefundHandler(rig.context).handleRequest(event("sqs-refunds.json", SQSEvent.class, values), null);

        assertThat(paidOut.getBatchItemFailures()).isEmpty();
        assertThat(order(order.orderId()).status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(rig.psp.ledger().refundsForCharge(cancelled.chargeId())).hasSize(1);
    }

    @Test
    void orderStreamEventSchedulesTheHoldExpiryAndTheRecoveryAndReportsWhatWasNotSent() throws Exception {
        Order order = reserve(sale(), "erin");
        Order paying = order.startPayment(rig.clock.instant());
        Map<String, String> values = Map.of("ORDER_ID", order.orderId(), "SALE_ID", order.saleId(), "CUSTOMER_ID", "erin",
                "HOLD_EXPIRES_AT_MS", Long.toString(order.holdExpiresAt().toEpochMilli()),
                "CREATED_AT_MS", Long.toString(order.createdAt().toEpochMilli()),
                "PAYING_AT_MS", Long.toString(paying.updatedAt().toEpochMilli()));
        DynamodbEvent event = event("dynamodb-order-stream.json", DynamodbEvent.class, values);
        String modify = event.getRecords().get(1).getDynamodb().getSequenceNumber();
        rig.takeAll(rig.queueUrl(QueueNames.HOLD_EXPIRY));
        rig.faults.arm("queues.checkout-recovery.refused", 1);

        StreamsEventResponse refused = new OrderRelayHandler(rig.context).handleRequest(event, null);

        assertThat(refused.getBatchItemFailures()).singleElement()
                .satisfies(f -> assertThat(f.getItemIdentifier()).as("retried from the record not relayed").isEqualTo(modify));
        StreamsEventResponse relayed = new OrderRelayHandler(rig.context).handleRequest(event, null);

        assertThat(relayed.getBatchItemFailures()).isEmpty();
        Thread.sleep(1_100); // the rig caps delays at a second
        assertThat(rig.takeAll(rig.queueUrl(QueueNames.HOLD_EXPIRY))).as("the record before the refused one, and its repeat")
                .hasSize(2).allSatisfy(m -> assertThat(Messages.holdExpiry(m.body()))
                        .isEqualTo(HoldExpiryMessage.of(order.orderId(), order.holdExpiresAt())));
        assertThat(rig.takeAll(rig.queueUrl(QueueNames.CHECKOUT_RECOVERY))).singleElement()
                .satisfies(m -> assertThat(Messages.recovery(m.body())).isEqualTo(RecoveryMessage.of(order.orderId(), 1)));
    }

    @Test
    void scheduleEventTicksTheWaitingRooms() throws IOException {
        Instant now = rig.clock.instant();
        Sale sale = rig.sales().create(new NewSale("room-" + UUID.randomUUID().toString().substring(0, 8), "PHONE-M3", "Poco M3",
                Money.of("149.00", "EUR"), 10L, 1, now.minusSeconds(5), now.plus(Duration.ofHours(1)), 60, 2,
                io.flashcheckout.admission.Admission.of("queue", 10, 0, 60))).sale();

        Map<String, Integer> ticked = new io.flashcheckout.workers.QueueAdvancerHandler(rig.context)
                .handleRequest(event("schedule-queue-advancer.json", ScheduledEvent.class, Map.of()), null);

        assertThat(ticked.get("rooms")).isGreaterThanOrEqualTo(1);
        assertThat(ticked.get("ticks")).isEqualTo(1);
        assertThat(rig.context.getBean(io.flashcheckout.store.SaleStore.class).find(sale.saleId()).orElseThrow().room())
                .satisfies(room -> assertThat(room.available()).isEqualTo(10));
    }

    @Test
    void scheduleEventRunsTheSweeper() throws IOException {
        Order order = reserve(sale(), "dave");
        rig.takeAll(rig.queueUrl(QueueNames.HOLD_EXPIRY));
        rig.clock.advance(Duration.ofSeconds(601));

        Map<String, Integer> swept = new SweeperHandler(rig.context).handleRequest(event("schedule-sweeper.json", ScheduledEvent.class,
                Map.of()), null);

        assertThat(swept.get("holds")).isGreaterThanOrEqualTo(1);
        rig.pollUntil(() -> order(order.orderId()).status() == OrderStatus.EXPIRED, Duration.ofSeconds(20));
    }
}
