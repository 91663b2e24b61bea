package io.flashcheckout.checkout;

import io.flashcheckout.payment.DeclineCode;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.OutboxMessage;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.store.dynamodb.StreamImages;
import io.flashcheckout.support.Checkout;
import io.flashcheckout.support.SentMessages;
import io.flashcheckout.support.TableStream;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reserve and pay only write; their follow-up messages come from the orders table's stream. The relay is fed the
 * real records DynamoDB Local's stream holds after the real writes.
 */
class OrderRelayTest {
    private static Checkout checkout;
    private static TableStream stream;
    private static OrderRelay relay;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
        stream = new TableStream(checkout.tables.orders());
        relay = new OrderRelay(RecoverySettings.defaults(), checkout.clock);
    }

    private static Order reserve(Sale sale, String customer) {
        return checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer), 1, UUID.randomUUID().toString()).order();
    }

    /** What pay writes before it charges: RESERVED -> PAYING, a new attempt. */
    private static Order startPayment(Order reserved) {
        Order paying = reserved.startPayment(checkout.clock.instant());
        assertThat(checkout.orderStore.startPayment(reserved, paying, checkout.clock.instant(), PayService.DEFAULT_MAX_ATTEMPTS)).isTrue();
        return paying;
    }

    private static List<Record> recordsOf(String orderId) {
        return stream.records().stream()
                .filter(r -> r.dynamodb().keys().get("pk").s().equals("ORDER#" + orderId)).toList();
    }

    private static Optional<OutboxMessage> relayed(Record record) {
        return relay.messageFor(StreamImages.order(record.dynamodb().hasOldImage() ? record.dynamodb().oldImage() : null),
                StreamImages.order(record.dynamodb().hasNewImage() ? record.dynamodb().newImage() : null));
    }

    private static List<OutboxMessage> relayed(String orderId) {
        return recordsOf(orderId).stream().map(OrderRelayTest::relayed).flatMap(Optional::stream).toList();
    }

    @Test
    void aNewReservationBecomesOneHoldExpiryMessageDueWhenItsHoldEnds() {
        Sale sale = checkout.openSale(5, 1, 2);
        Order order = reserve(sale, "ann");
        checkout.clock.advance(Duration.ofSeconds(10));

        assertThat(relayed(order.orderId())).containsExactly(OutboxMessage.holdExpiry(
                HoldExpiryMessage.of(order.orderId(), order.holdExpiresAt()), sale.hold().minusSeconds(10)));
    }

    @Test
    void eachPaymentAttemptBecomesOneRecoveryMessageDueWhenThePaymentGraceEnds() {
        Sale sale = checkout.openSale(5, 1, 2);
        Order order = reserve(sale, "ben");
        Order first = startPayment(order);
        new ChargeSettlement(checkout.orderStore, checkout.clock).declined(first, DeclineCode.CARD_DECLINED);
        checkout.clock.advance(Duration.ofSeconds(5));
        Order second = startPayment(checkout.orders.get(order.orderId(), Requester.shopper("ben")));
        checkout.clock.advance(Duration.ofSeconds(20));
        Duration grace = RecoverySettings.defaults().paymentGrace();

        assertThat(relayed(order.orderId())).as("the decline and the limit count give no message").containsExactly(
                OutboxMessage.holdExpiry(HoldExpiryMessage.of(order.orderId(), order.holdExpiresAt()), sale.hold().minusSeconds(25)),
                OutboxMessage.recovery(RecoveryMessage.of(order.orderId(), 1), grace.minusSeconds(25)),
                OutboxMessage.recovery(RecoveryMessage.of(order.orderId(), 2), grace.minusSeconds(20)));
        assertThat(second.paymentAttempt()).isEqualTo(2);
    }

    @Test
    void aRepeatedStreamRecordSendsTheMessageAgainAndTheHoldStillEndsOnce() {
        Sale sale = checkout.openSale(5, 1, 1);
        Order order = reserve(sale, "cat");
        Record insert = recordsOf(order.orderId()).getFirst();
        checkout.clock.advance(sale.hold().plusSeconds(1));
        HoldExpiry expiry = new HoldExpiry(checkout.release, RecoverySettings.defaults(), checkout.clock);

        for (int delivery = 0; delivery < 2; delivery++) {
            HoldExpiryMessage message = (HoldExpiryMessage) relayed(insert).orElseThrow().message();
            assertThat(expiry.handle(message)).isEqualTo(Followup.DONE);
        }

        assertThat(checkout.orders.get(order.orderId(), Requester.shopper("cat")).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(Arrays.stream(checkout.saleStore.shardStock(sale)).sum()).as("the unit came back once").isEqualTo(5);
        checkout.audit.assertInvariants(sale.saleId());
    }

    @Test
    void aCrashBetweenTheWriteAndTheRelayIsCoveredByTheSweeper() {
        Sale sale = checkout.openSale(5, 2, 1);
        Order held = reserve(sale, "dan");
        Order paying = startPayment(reserve(sale, "eve"));
        // the relay never ran: nothing was sent for either write
        checkout.clock.advance(sale.hold().plusSeconds(1));
        SentMessages sent = new SentMessages();

        new Sweeper(checkout.orderStore, sent, RecoverySettings.defaults(), checkout.metrics, checkout.clock).sweep();

        assertThat(sent.of(HoldExpiryMessage.class)).contains(HoldExpiryMessage.of(held.orderId(), held.holdExpiresAt()));
        assertThat(sent.of(RecoveryMessage.class)).contains(RecoveryMessage.of(paying.orderId(), 1));
    }
}
