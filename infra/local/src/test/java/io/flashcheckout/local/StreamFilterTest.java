package io.flashcheckout.local;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderRelay;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.local.emulation.StreamFilter;
import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.store.dynamodb.StreamImages;
import io.flashcheckout.support.TableStream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The order relay's filter criteria, as the template declares them, against the real records DynamoDB Local's
 * stream holds after a sale's writes: they let through exactly the changes the relay makes a message of.
 */
class StreamFilterTest {
    private static CheckoutRig rig;
    private static TableStream orders;

    @BeforeAll
    static void start() {
        rig = new CheckoutRig();
        orders = new TableStream(rig.dynamo, rig.dynamoDbEndpoint, rig.tables.orders());
    }

    @AfterAll
    static void stop() {
        orders.close();
        rig.close();
    }

    private static List<Record> ordersStream() {
        return orders.records();
    }

    private static Order reserve(Sale sale, String customer) {
        return rig.reserve().reserve(sale.saleId(), Requester.shopper(customer), 1, "f-" + customer + "-" + sale.saleId()).order();
    }

    @Test
    void theTemplatesPatternsPassExactlyTheChangesTheRelayMakesAMessageOf() {
        Sale sale = rig.sales().create(new NewSale("filter-" + UUID.randomUUID().toString().substring(0, 8), "M3", "Poco M3",
                Money.of("149.00", "EUR"), 5L, 1, rig.clock.instant().minusSeconds(60), rig.clock.instant().plus(Duration.ofDays(1)),
                600, 1)).sale();
        Order paid = reserve(sale, "paid");
        rig.pay().pay(paid.orderId(), Requester.shopper("paid"), "tok_approve");
        Order declined = reserve(sale, "declined");
        assertThatThrownBy(() -> rig.pay().pay(declined.orderId(), Requester.shopper("declined"), "tok_decline"));
        rig.pay().pay(declined.orderId(), Requester.shopper("declined"), "tok_approve");
        Order cancelled = reserve(sale, "cancelled");
        rig.release().cancel(cancelled.orderId(), Requester.shopper("cancelled"), null);
        rig.release().cancel(paid.orderId(), Requester.admin("ops"), "unusual activity");
        Order expired = reserve(sale, "expired");
        rig.clock.advance(Duration.ofSeconds(601));
        rig.release().expire(expired.orderId());

        StreamFilter filter = StreamFilter.forTable(CloudFormationTemplate.bundled(), "OrdersTable");
        OrderRelay relay = rig.context.getBean(OrderRelay.class);
        List<String> passed = new ArrayList<>();
        for (Record r : ordersStream()) {
            var change = r.dynamodb();
            boolean message = relay.messageFor(StreamImages.order(change.hasOldImage() ? change.oldImage() : null),
                    StreamImages.order(change.hasNewImage() ? change.newImage() : null)).isPresent();
            assertThat(filter.matches(r)).as("%s %s -> %s", r.eventNameAsString(), change.oldImage(), change.newImage())
                    .isEqualTo(message);
            if (message) {
                passed.add(r.eventNameAsString() + " " + change.newImage().get("status").s() + " " + change.newImage().get("orderId").s());
            }
        }

        assertThat(passed).containsExactly(
                "INSERT RESERVED " + paid.orderId(), "MODIFY PAYING " + paid.orderId(),
                "INSERT RESERVED " + declined.orderId(), "MODIFY PAYING " + declined.orderId(), "MODIFY PAYING " + declined.orderId(),
                "INSERT RESERVED " + cancelled.orderId(),
                "INSERT RESERVED " + expired.orderId());
    }

    @Test
    void theRefundsStreamIsNotFilteredAndAPatternThisStackCannotApplyIsRefused() {
        assertThat(StreamFilter.forTable(CloudFormationTemplate.bundled(), "RefundsTable").patterns()).isEmpty();
        assertThatThrownBy(() -> StreamFilter.of(List.of("{\"dynamodb\": {\"NewImage\": {\"n\": {\"N\": [{\"numeric\": [\">\", 0]}]}}}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not understood");
    }
}
