package io.flashcheckout.review;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Signals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The review's rules on orders as the store returns them (the HTTP test drives them on DynamoDB Local). */
class ScalperReviewTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final AtomicInteger IDS = new AtomicInteger();

    @Test
    void accountsSharingACardBeyondTheLimitAreOneClusterAndWithinItAreNot() {
        List<Order> orders = new ArrayList<>();
        orders.add(order("a", 1, "fp_shared", "198.51.100.1", "ua-a"));
        orders.add(order("b", 1, "fp_shared", "198.51.101.1", "ua-b"));
        orders.add(order("c", 1, "fp_shared", "198.51.102.1", "ua-c"));
        orders.add(order("d", 1, "fp_pair", "198.51.103.1", "ua-d"));
        orders.add(order("e", 1, "fp_pair", "198.51.104.1", "ua-e"));

        List<Cluster> clusters = ScalperReview.clusters(orders, 2);

        assertThat(clusters).singleElement().satisfies(c -> {
            assertEquals(3, c.units());
            assertEquals(3, c.customers());
            assertThat(c.reasons()).containsExactly(new Cluster.Reason("card", "fp_shared", 3, 3, 3));
            assertThat(c.clusterId()).matches("c-[0-9a-f]{16}");
        });
    }

    @Test
    void signalsSharingOrdersJoinIntoOneClusterWithEveryReasonAndTheLargestComesFirst() {
        List<Order> orders = new ArrayList<>();
        // a farm: two cards behind one address; the second card also used from another network
        orders.add(order("f1", 2, "fp_1", "203.0.113.5", "bot-1"));
        orders.add(order("f2", 2, "fp_1", "203.0.113.5", "bot-2"));
        orders.add(order("f3", 2, "fp_2", "203.0.113.5", "bot-3"));
        orders.add(order("f4", 2, "fp_2", "192.0.2.99", "bot-4"));
        // a smaller, separate one: one device on rotating addresses of one /24
        orders.add(order("p1", 2, null, "198.51.100.7", "phone"));
        orders.add(order("p2", 1, null, "198.51.100.8", "phone"));
        // one shopper's two orders from one address never pass their own limit
        orders.add(order("solo", 1, null, "192.0.2.200", "ua-s"));
        orders.add(order("solo", 1, null, "192.0.2.200", "ua-s"));

        List<Cluster> clusters = ScalperReview.clusters(orders, 2);

        assertEquals(2, clusters.size());
        assertEquals(8, clusters.get(0).units());
        assertThat(clusters.get(0).orders()).extracting(Order::customerId).containsExactly("f1", "f2", "f3", "f4");
        assertThat(clusters.get(0).reasons()).extracting(Cluster.Reason::signal).containsExactly("card", "card", "ip");
        assertEquals(3, clusters.get(1).units());
        assertThat(clusters.get(1).reasons()).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(Signals.userAgentHash("phone") + "@198.51.100.0/24"));
    }

    @Test
    void ordinaryShoppersOnOneNetworkWithTheSameBrowserWithinTheLimitAreNotFlagged() {
        List<Order> orders = new ArrayList<>();
        orders.add(order("x", 1, "fp_x", "198.51.100.1", "chrome"));
        orders.add(order("y", 1, "fp_y", "198.51.100.2", "chrome"));
        orders.add(order("z", 1, "fp_z", "198.51.101.3", "chrome"));

        assertThat(ScalperReview.clusters(orders, 2)).isEmpty();
    }

    @Test
    void aDeviceIsTheUserAgentDigestWithinAnIpv4Slash24OrAnIpv6Slash48() {
        assertEquals("203.0.113.0/24", ScalperReview.network("203.0.113.77"));
        assertEquals("2001:db8:1::/48", ScalperReview.network("2001:0db8:0001:00ff::1"));
        assertEquals("2001:db8:0::/48", ScalperReview.network("2001:db8::1"));
        assertEquals("0:0:0::/48", ScalperReview.network("::1"));
        assertEquals("0:0:0::/48", ScalperReview.network("::ffff:192.0.2.1"));
        assertEquals("1:1:1::/48", ScalperReview.network("::1:1:1:1:1:1:1:1:1:1"), "more groups than an address has");
    }

    private static Order order(String customer, int quantity, String card, String ip, String userAgent) {
        String id = String.format("o-%032x", IDS.incrementAndGet());
        return new Order(id, "sale", customer, quantity, Money.of("10.00", "EUR"), OrderStatus.PAID, 0, T.plusSeconds(600),
                3, T.plusMillis(IDS.get()), T, "hash", 1, "ch", null, null, null, card, null,
                new Signals(ip, Signals.userAgentHash(userAgent), T, null));
    }
}
