package io.flashcheckout.bench;

import io.flashcheckout.checkout.Requester;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw transaction the benchmarks compare with writes the order item a reserve writes: its attributes and index keys. */
class RawReserveTransactionTest {

    @Test
    void theRawOrderHasTheReservesAttributesAndIndexKeys() {
        try (LocalCheckout checkout = LocalCheckout.start(2, UnaryOperator.identity())) {
            checkout.createSale("shape", 100L, 2);
            checkout.reserve().reserve("shape", Requester.shopper("shopper-1"), 1, "bench-key-1");
            RawReserveTransaction raw = new RawReserveTransaction(checkout.serviceClient(), checkout.tables(), "raw-shape", 2);
            raw.seed(checkout.plainClient());
            raw.run(1);

            List<Map<String, AttributeValue>> orders = checkout.plainClient().scan(b -> b.tableName(checkout.tables().orders()))
                    .items().stream().filter(i -> i.get("pk").s().startsWith("ORDER#")).toList();
            assertThat(orders).hasSize(2);
            Map<String, AttributeValue> reserved = orders.stream().filter(i -> i.get("saleId").s().equals("shape")).findFirst().orElseThrow();
            Map<String, AttributeValue> rawOrder = orders.stream().filter(i -> i.get("saleId").s().equals("raw-shape")).findFirst().orElseThrow();
            assertThat(new TreeSet<>(rawOrder.keySet())).isEqualTo(new TreeSet<>(reserved.keySet()));
            for (String indexKey : Set.of("saleShard", "saleSort", "customerId", "createdAt", "dueShard", "dueAt")) {
                assertThat(rawOrder.get(indexKey).type()).as(indexKey).isEqualTo(reserved.get(indexKey).type());
            }
            assertThat(rawOrder.get("status").s()).isEqualTo(RawReserveTransaction.STATUS);
        }
    }
}
