package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The operator's side through the real admin handler on DynamoDB Local: signals kept at reserve, the review's
 * clusters for planted scalpers (and none for ordinary shoppers), a cluster cancelled and refunded once, the sale's
 * orders paged through the index, and the admin log.
 */
class HttpReviewTest {
    private static final String NORMAL_UA = "Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile";
    @RegisterExtension
    static final Api api = new Api();

    @Test
    void plantedScalpersAreClusteredByAddressAndDeviceAndOrdinaryShoppersAreNot() {
        String saleId = openSale(100, 2);
        Set<String> ordinary = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            // the same popular browser on different networks; one claims the farm's address in X-Forwarded-For
            Map<String, String> headers = i == 0 ? Map.of("x-forwarded-for", "203.0.113.50") : Map.of();
            String order = reserve(saleId, "shopper-" + i, 1, "198.51." + (10 + i) + ".20", NORMAL_UA, headers);
            ordinary.add(order);
            if (i % 2 == 0) {
                assertEquals(200, pay(order, "shopper-" + i, "tok_approve_shopper-card-" + i).getStatusCode());
            }
        }
        Set<String> addressFarm = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            String order = reserve(saleId, "farm-" + i, 2, "203.0.113.50", "bot/" + i, Map.of());
            addressFarm.add(order);
            assertEquals(200, pay(order, "farm-" + i, "tok_approve_farm-card-" + i).getStatusCode());
        }
        Set<String> deviceFarm = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            deviceFarm.add(reserve(saleId, "phone-" + i, 2, "192.0.2." + (10 + i), "ScalperPhone/1.0", Map.of()));
        }

        Map<String, Object> review = api.body(expect(200, adminGet("/admin/sales/" + saleId + "/review", Map.of())));

        assertEquals(2, ((Number) review.get("clusterCount")).intValue(), review.toString());
        assertEquals(15, ((Number) review.get("ordersReviewed")).intValue());
        List<Map<String, Object>> clusters = list(review.get("clusters"));
        assertEquals(addressFarm, orderIds(clusters.get(0)));
        assertEquals(8, ((Number) clusters.get(0).get("units")).intValue());
        assertThat(list(clusters.get(0).get("reasons"))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("signal", "ip").containsEntry("value", "203.0.113.50"));
        assertEquals(deviceFarm, orderIds(clusters.get(1)));
        assertThat(list(clusters.get(1).get("reasons"))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("signal", "device")
                        .containsEntry("value", io.flashcheckout.checkout.Signals.userAgentHash("ScalperPhone/1.0") + "@192.0.2.0/24"));
        clusters.forEach(c -> assertThat(orderIds(c)).doesNotContainAnyElementsOf(ordinary));

        // the admin sees the signals; the shopper's own order does not show them; the user agent itself is nowhere
        String farmOrder = addressFarm.iterator().next();
        Map<String, Object> asAdmin = api.body(expect(200, api.send(api.event("GET", "/admin/orders/" + farmOrder, Api.admin(), null, Map.of()))));
        Map<String, Object> signals = map(asAdmin.get("signals"));
        assertThat(signals).containsEntry("sourceIp", "203.0.113.50").containsKey("tokenIssuedAt").doesNotContainKey("channel");
        assertThat((String) signals.get("userAgentHash")).matches("ua_[0-9a-f]{32}");
        String owner = (String) asAdmin.get("customerId");
        Map<String, Object> asShopper = api.body(expect(200, api.send(api.event("GET", "/orders/" + farmOrder, Api.shopper(owner), null, Map.of()))));
        assertThat(asShopper).doesNotContainKey("signals");
        assertThat(api.audit.everything().toString()).doesNotContain("ScalperPhone").doesNotContain("Chrome/120");
    }

    @Test
    void cancellingAClusterRefundsItsPaidOrdersOnceReturnsTheStockAndIsLogged() {
        String saleId = openSale(40, 2);
        for (int i = 0; i < 3; i++) {
            reserve(saleId, "ok-" + i, 1, "198.51." + (40 + i) + ".1", NORMAL_UA, Map.of());
        }
        Set<String> farm = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String order = reserve(saleId, "nat-" + i, 2, "203.0.113.77", "bot/" + i, Map.of());
            farm.add(order);
            if (i < 2) {
                assertEquals(200, pay(order, "nat-" + i, "tok_approve_nat-card-" + i).getStatusCode());
            }
        }
        Map<String, Object> review = api.body(expect(200, adminGet("/admin/sales/" + saleId + "/review", Map.of())));
        String clusterId = (String) list(review.get("clusters")).getFirst().get("clusterId");
        String body = "{\"cluster\":\"" + clusterId + "\",\"reason\":\"unusual activity: one address\"}";

        Map<String, Object> first = api.body(expect(200, adminPost("/admin/sales/" + saleId + "/review/cancel", body)));
        Map<String, Object> retried = api.body(expect(200, adminPost("/admin/sales/" + saleId + "/review/cancel", body)));

        Map<String, String> statuses = statuses(first);
        assertEquals(farm, statuses.keySet());
        assertThat(statuses.values()).containsExactlyInAnyOrder("REFUND_PENDING", "REFUND_PENDING", "CANCELLED");
        assertEquals(statuses, statuses(retried));
        assertEquals(0, ((Number) first.get("remaining")).intValue());
        List<Map<String, AttributeValue>> refunds = api.audit.scan(api.tables.refunds());
        assertEquals(2, refunds.size(), "one refund per paid order, the retry owed none: " + refunds);
        var snapshot = api.audit.assertInvariants(saleId);
        assertEquals(3, snapshot.unitsHeld(), "the three shoppers' units are all still held");
        assertEquals(37, snapshot.shardTotal());
        Map<String, Object> after = api.body(expect(200, adminGet("/admin/sales/" + saleId + "/review", Map.of())));
        assertEquals(0, ((Number) after.get("clusterCount")).intValue());

        Map<String, Object> log = api.body(expect(200, adminGet("/admin/audit", Map.of("saleId", saleId))));
        List<Map<String, Object>> entries = list(log.get("entries"));
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("review-cancel", "create-sale");
        Map<String, Object> cancel = entries.getFirst();
        assertThat(cancel).containsEntry("actor", "ops-admin").containsEntry("reason", "unusual activity: one address");
        assertEquals(clusterId, ((List<?>) cancel.get("targets")).getFirst());
        assertThat(new HashSet<>(((List<?>) cancel.get("targets")).subList(1, 4))).isEqualTo(farm);

        // the second wave: a restock and a reopen are logged too, newest first, a page at a time
        expect(200, api.send(api.event("POST", "/admin/sales/" + saleId + "/restock", Api.admin(), "{\"quantity\":5}",
                Map.of("idempotency-key", "restock-" + saleId))));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        expect(200, adminPost("/admin/sales/" + saleId + "/reopen", "{\"opensAt\":\"" + now + "\",\"closesAt\":\""
                + now.plusSeconds(3600) + "\"}"));
        Map<String, Object> firstPage = api.body(expect(200, adminGet("/admin/audit", Map.of("saleId", saleId, "limit", "2"))));
        assertThat(list(firstPage.get("entries"))).extracting(e -> e.get("action")).containsExactly("reopen", "restock");
        assertThat((String) list(firstPage.get("entries")).get(1).get("detail")).contains("quantity=5");
        Map<String, Object> secondPage = api.body(expect(200, adminGet("/admin/audit",
                Map.of("saleId", saleId, "limit", "2", "cursor", (String) firstPage.get("nextCursor")))));
        assertThat(list(secondPage.get("entries"))).extracting(e -> e.get("action")).containsExactly("review-cancel", "create-sale");
    }

    @Test
    void pagesCoverEveryOrderExactlyOnceAndForeignOrForgedCursorsAre400() {
        String saleId = openSale(100, 2);
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            all.add(reserve(saleId, "pager-" + i, 1, "198.51.100." + i, NORMAL_UA, Map.of()));
        }
        String paid = all.iterator().next();
        Map<String, Object> owner = api.body(api.send(api.event("GET", "/admin/orders/" + paid, Api.admin(), null, Map.of())));
        assertEquals(200, pay(paid, (String) owner.get("customerId"), "tok_approve_pager").getStatusCode());

        List<String> seen = new ArrayList<>();
        String cursor = null;
        String lastCursor = null;
        int pages = 0;
        do {
            Map<String, String> query = new HashMap<>(Map.of("limit", "4"));
            if (cursor != null) {
                query.put("cursor", cursor);
                lastCursor = cursor;
            }
            Map<String, Object> page = api.body(expect(200, adminGet("/admin/sales/" + saleId + "/orders", query)));
            List<Map<String, Object>> orders = list(page.get("orders"));
            assertThat(orders.size()).isLessThanOrEqualTo(4);
            orders.forEach(o -> seen.add((String) o.get("orderId")));
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null && pages < 50);
        assertThat(seen).doesNotHaveDuplicates();
        assertEquals(all, new HashSet<>(seen));

        Map<String, Object> paidOnly = api.body(expect(200, adminGet("/admin/sales/" + saleId + "/orders",
                Map.of("status", "PAID", "limit", "100"))));
        assertThat(list(paidOnly.get("orders"))).extracting(o -> o.get("orderId")).containsExactly(paid);
        Map<String, Object> noChannelYet = api.body(expect(200, adminGet("/admin/sales/" + saleId + "/orders",
                Map.of("channel", "lazada"))));
        assertThat(list(noChannelYet.get("orders"))).isEmpty();
        Map<String, Object> oneCustomer = api.body(expect(200, adminGet("/admin/sales/" + saleId + "/orders",
                Map.of("customer", (String) owner.get("customerId")))));
        assertThat(list(oneCustomer.get("orders"))).extracting(o -> o.get("orderId")).containsExactly(paid);

        String otherSale = openSale(10, 1);
        String path = "/admin/sales/" + saleId + "/orders";
        String decoded = new String(Base64.getUrlDecoder().decode(lastCursor), StandardCharsets.UTF_8);
        String[] parts = decoded.split("\\|", -1);
        parts[2] = "300"; // no sale has an index partition 300 (at most 3 per shard, 300 in all)
        String outOfRange = Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
        api.assertProblem(adminGet(path, Map.of("cursor", "bm90LWEtY3Vyc29y")), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("cursor", "%%%")), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("cursor", outOfRange)), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("cursor", "x".repeat(5000))), 400, "invalid-request");
        api.assertProblem(adminGet("/admin/sales/" + otherSale + "/orders", Map.of("cursor", lastCursor)), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("status", "PAID", "cursor", lastCursor)), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("limit", "0")), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("limit", "101")), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("limit", "1e9")), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("status", "SHIPPED")), 400, "invalid-request");
        api.assertProblem(adminGet(path, Map.of("customer", "a".repeat(129))), 400, "invalid-request");
        api.assertProblem(adminGet("/admin/sales/no-such-sale/orders", Map.of()), 404, "not-found");
        api.assertProblem(adminGet("/admin/audit", Map.of()), 400, "invalid-request");
        api.assertProblem(adminGet("/admin/audit", Map.of("saleId", saleId, "cursor", lastCursor)), 400, "invalid-request");
    }

    @Test
    void badReviewCancelsAreRefusedAndWriteNothing() {
        String saleId = openSale(10, 2);
        String order = reserve(saleId, "bystander", 1, "198.51.100.9", NORMAL_UA, Map.of());
        String otherSale = openSale(10, 2);
        String elsewhere = reserve(otherSale, "elsewhere", 1, "198.51.100.10", NORMAL_UA, Map.of());
        String path = "/admin/sales/" + saleId + "/review/cancel";
        List<Map<String, AttributeValue>> before = api.audit.everything();

        api.assertProblem(adminPost(path, "{\"reason\":\"x\"}"), 400, "invalid-request");
        api.assertProblem(adminPost(path, "{\"cluster\":\"c-0123456789abcdef\",\"orderIds\":[\"" + order + "\"],\"reason\":\"x\"}"), 400, "invalid-request");
        api.assertProblem(adminPost(path, "{\"cluster\":\"c-0123456789abcdef\"}"), 400, "invalid-request");
        api.assertProblem(adminPost(path, "{\"cluster\":\"../../etc\",\"reason\":\"x\"}"), 400, "invalid-request");
        api.assertProblem(adminPost(path, "{\"cluster\":\"c-0123456789abcdef\",\"reason\":\"x\"}"), 404, "not-found");
        api.assertProblem(adminPost(path, "{\"orderIds\":[],\"reason\":\"x\"}"), 400, "invalid-request");
        api.assertProblem(adminPost(path, "{\"orderIds\":[\"nope\"],\"reason\":\"x\"}"), 400, "invalid-request");
        api.assertProblem(adminPost(path, "{\"orderIds\":\"o-1\",\"reason\":\"x\"}"), 400, "invalid-request");
        api.assertProblem(adminPost(path, "not json"), 400, "invalid-request");
        assertEquals(before, api.audit.everything());

        // an order of another sale named here is refused, and left as it was
        Map<String, Object> mixed = api.body(expect(200, adminPost(path, "{\"orderIds\":[\"" + elsewhere + "\"],\"reason\":\"wrong sale\"}")));
        assertThat(list(mixed.get("results")).getFirst()).containsEntry("orderId", elsewhere)
                .containsEntry("problemType", Problem.TYPE_PREFIX + "not-found");
        Map<String, Object> untouched = api.body(api.send(api.event("GET", "/admin/orders/" + elsewhere, Api.admin(), null, Map.of())));
        assertEquals("RESERVED", untouched.get("status"));
    }

    @Test
    void shoppersAndStrangersCannotReachTheOperatorsRoutes() {
        String saleId = openSale(10, 1);
        String shopper = Api.shopper("curious");
        List<APIGatewayV2HTTPEvent> events = List.of(
                get("/admin/sales/" + saleId + "/orders", Map.of()), get("/admin/sales/" + saleId + "/review", Map.of()),
                get("/admin/audit", Map.of("saleId", saleId)));
        for (APIGatewayV2HTTPEvent event : events) {
            event.getHeaders().put("authorization", "Bearer " + shopper);
            api.assertProblem(api.send(event), 403, "forbidden");
            event.getHeaders().remove("authorization");
            api.assertProblem(api.send(event), 401, "unauthorized");
        }
        api.assertProblem(api.send(api.event("POST", "/admin/sales/" + saleId + "/review/cancel", shopper,
                "{\"orderIds\":[\"o-" + "a".repeat(32) + "\"],\"reason\":\"x\"}", Map.of())), 403, "forbidden");
    }

    private static APIGatewayV2HTTPResponse adminGet(String path, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = get(path, query);
        event.getHeaders().put("authorization", "Bearer " + Api.admin());
        return api.send(event);
    }

    private static APIGatewayV2HTTPEvent get(String path, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = api.event("GET", path, null, null, Map.of());
        event.setHeaders(new HashMap<>(event.getHeaders()));
        event.setQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query));
        return event;
    }

    private static APIGatewayV2HTTPResponse adminPost(String path, String body) {
        return api.send(api.event("POST", path, Api.admin(), body, Map.of()));
    }

    private static APIGatewayV2HTTPResponse expect(int status, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        return response;
    }

    private static String openSale(int stock, int limit) {
        String saleId = "review-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = "{\"saleId\":\"" + saleId + "\",\"sku\":\"M3\",\"title\":\"Poco M3\",\"price\":{\"amount\":\"149.00\","
                + "\"currency\":\"EUR\"},\"stock\":" + stock + ",\"perCustomerLimit\":" + limit + ",\"opensAt\":\""
                + now.minusSeconds(60) + "\",\"closesAt\":\"" + now.plusSeconds(86_400) + "\",\"holdSeconds\":600,\"shards\":4}";
        expect(201, adminPost("/admin/sales", body));
        return saleId;
    }

    private static String reserve(String saleId, String customer, int quantity, String sourceIp, String userAgent,
                                  Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("idempotency-key", UUID.randomUUID().toString());
        all.put("user-agent", userAgent);
        APIGatewayV2HTTPEvent event = api.event("POST", "/sales/" + saleId + "/reservations", Api.shopper(customer),
                "{\"quantity\":" + quantity + "}", all);
        event.getRequestContext().getHttp().setSourceIp(sourceIp);
        return (String) api.body(expect(201, api.send(event))).get("orderId");
    }

    private static APIGatewayV2HTTPResponse pay(String orderId, String customer, String paymentToken) {
        return api.send(api.event("POST", "/orders/" + orderId + "/payment", Api.shopper(customer),
                "{\"paymentToken\":\"" + paymentToken + "\"}", Map.of()));
    }

    private static Map<String, String> statuses(Map<String, Object> cancel) {
        Map<String, String> statuses = new HashMap<>();
        list(cancel.get("results")).forEach(r -> statuses.put((String) r.get("orderId"), (String) r.get("status")));
        return statuses;
    }

    private static Set<String> orderIds(Map<String, Object> cluster) {
        Set<String> ids = new HashSet<>();
        list(cluster.get("orders")).forEach(o -> ids.add((String) o.get("orderId")));
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
