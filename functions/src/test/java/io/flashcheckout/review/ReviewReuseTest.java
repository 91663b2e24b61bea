package io.flashcheckout.review;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.Signals;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.store.dynamodb.DynamoAuditLog;
import io.flashcheckout.store.dynamodb.DynamoSaleOrders;
import io.flashcheckout.support.Checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling the clusters of one review one after the other, on DynamoDB Local: the cancels work from that review
 * (the sale's live orders are read once, not once per cancel) and still cancel every order of every cluster.
 */
class ReviewReuseTest {
    private static Checkout checkout;

    @BeforeAll
    static void start() {
        checkout = Checkout.start(null);
    }

    /** The real listing, counting the reads of every live order that a review does. */
    private static final class CountedSaleOrders implements SaleOrders {
        private final SaleOrders real = new DynamoSaleOrders(checkout.dynamo, checkout.tables);
        final AtomicInteger fullReads = new AtomicInteger();

        @Override
        public OrderPage page(OrderQuery query) {
            return real.page(query);
        }

        @Override
        public List<Order> inStatuses(String saleId, List<OrderStatus> statuses, int max) {
            fullReads.incrementAndGet();
            return real.inStatuses(saleId, statuses, max);
        }
    }

    private static ReviewService review(CountedSaleOrders orders) {
        return new ReviewService(orders, new SaleLookup(checkout.saleStore, Duration.ZERO), checkout.orders, checkout.release,
                new DynamoAuditLog(checkout.dynamo, checkout.tables), checkout.clock);
    }

    private static String reserve(Sale sale, String customer, String address) {
        return checkout.reserve.reserve(sale.saleId(), Requester.shopper(customer), 1, UUID.randomUUID().toString(), null,
                new Signals(address, Signals.userAgentHash("bot/" + customer), Instant.now(), null)).order().orderId();
    }

    @Test
    void theClustersOfOneReviewAreCancelledWithoutReadingTheSaleAgainForEach() {
        Sale sale = checkout.openSale(60, 1, 2);
        Set<String> farms = new HashSet<>();
        for (int farm = 0; farm < 3; farm++) {
            for (int account = 0; account < 3; account++) {
                farms.add(reserve(sale, "farm-" + farm + "-" + account, "203.0.113." + (10 + farm)));
            }
        }
        String ordinary = reserve(sale, "ordinary", "198.51.100.7");
        CountedSaleOrders orders = new CountedSaleOrders();
        ReviewService service = review(orders);

        List<Cluster> clusters = service.review(sale.saleId()).clusters();
        assertThat(clusters).hasSize(3);
        Set<String> cancelled = new HashSet<>();
        for (Cluster cluster : clusters) {
            ReviewService.ReviewCancel done = service.cancelCluster(sale.saleId(), cluster.clusterId(), "unusual activity",
                    Requester.admin("ops"));
            assertThat(done.remaining()).isZero();
            done.results().forEach(r -> {
                assertThat(r.status()).isEqualTo(OrderStatus.CANCELLED);
                cancelled.add(r.orderId());
            });
        }

        assertThat(orders.fullReads.get()).as("one review, then three cancels from it").isEqualTo(1);
        assertThat(cancelled).isEqualTo(farms);
        assertThat(checkout.orders.get(ordinary, Requester.admin("ops")).status()).isEqualTo(OrderStatus.RESERVED);
        // a cancel repeated once its cluster is gone answers what the first one did, and a new review finds nothing
        ReviewService.ReviewCancel again = service.cancelCluster(sale.saleId(), clusters.getFirst().clusterId(),
                "unusual activity", Requester.admin("ops"));
        assertThat(again.results()).extracting(ReviewService.CancelResult::orderId)
                .containsExactlyInAnyOrderElementsOf(clusters.getFirst().orders().stream().map(Order::orderId).toList());
        assertThat(service.review(sale.saleId()).clusters()).isEmpty();
    }
}
