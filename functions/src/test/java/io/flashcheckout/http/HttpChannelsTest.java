package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Channel pools through the real handlers: the sale body, the channel bound to the token's app client, the pools'
 * stock on the sale page, the move route and restock per pool, and bad bodies refused with nothing written.
 */
class HttpChannelsTest {
    @RegisterExtension
    static final Api api = new Api();

    private static String saleBody(String saleId, String channels) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return "{\"saleId\":\"" + saleId + "\",\"sku\":\"M3\",\"title\":\"Poco M3\",\"price\":{\"amount\":\"149.00\","
                + "\"currency\":\"EUR\"},\"stock\":10,\"perCustomerLimit\":1,\"opensAt\":\"" + now.minusSeconds(60)
                + "\",\"closesAt\":\"" + now.plusSeconds(86_400) + "\",\"holdSeconds\":600" + channels + "}";
    }

    private static String pocoSale() {
        String saleId = "pools-" + UUID.randomUUID().toString().substring(0, 8);
        expect(201, admin("POST", "/admin/sales", saleBody(saleId, ",\"channels\":[{\"name\":\"lazada\",\"stock\":4,"
                + "\"clients\":[\"app-lazada\"]},{\"name\":\"mi\",\"stock\":4,\"clients\":[\"app-mi\"]}],\"shared\":{\"stock\":2}}"), null));
        return saleId;
    }

    @Test
    void theChannelIsTheTokensAppClientsAndThePagesShowEachPool() {
        String saleId = pocoSale();
        var before = api.audit.everything();
        api.assertProblem(reserve(saleId, Api.shopperOf("ana", "app-lazada"), "{\"quantity\":1,\"channel\":\"mi\"}"), 403,
                "wrong-channel");
        api.assertProblem(reserve(saleId, Api.shopperOf("ana", "app-lazada"), "{\"quantity\":1,\"channel\":\"Not A Name\"}"),
                400, "invalid-request");
        assertEquals(before, api.audit.everything(), "refusals write nothing");

        Map<String, Object> order = api.body(expect(201, reserve(saleId, Api.shopperOf("ana", "app-lazada"),
                "{\"quantity\":1,\"channel\":\"lazada\"}")));
        assertThat(order).containsEntry("saleId", saleId);
        // the storefront's own client sells in no channel: it takes from the shared pool
        expect(201, reserve(saleId, Api.shopper("web-1"), "{\"quantity\":1}"));

        Map<String, Object> sale = api.body(expect(200, api.send(api.event("GET", "/sales/" + saleId, null, null, Map.of()))));
        assertThat(pools(sale)).containsExactly("lazada=3/4", "mi=4/4", "shared=1/2");
        assertEquals(8, ((Number) sale.get("available")).intValue());
    }

    @Test
    void anAdminMovesUnitsOnceRestocksAPoolAndBadBodiesChangeNothing() {
        String saleId = pocoSale();
        String move = "/admin/sales/" + saleId + "/pools/move";
        var before = api.audit.everything();
        for (String bad : List.of("{\"from\":\"mi\",\"to\":\"lazada\",\"units\":1.5}", "{\"from\":\"mi\",\"to\":\"lazada\"}",
                "{\"from\":\"mi\",\"to\":\"mi\",\"units\":1}", "{\"from\":\"mi\",\"to\":\"nowhere\",\"units\":1}",
                "{\"from\":\"mi\",\"to\":\"lazada\",\"units\":-1}", "{\"from\":\"mi\",\"to\":\"lazada\",\"units\":1e99}",
                "{\"from\":7,\"to\":\"lazada\",\"units\":1}", "[]")) {
            api.assertProblem(admin("POST", move, bad, null), 400, "invalid-request");
        }
        api.assertProblem(admin("POST", move, "{\"from\":\"mi\",\"to\":\"lazada\",\"units\":5}", null), 409, "conflict");
        api.assertProblem(api.send(api.event("POST", move, Api.shopper("ana"), "{\"from\":\"mi\",\"to\":\"lazada\",\"units\":1}",
                Map.of())), 403, "forbidden");
        api.assertProblem(admin("POST", "/admin/sales/" + saleId + "/restock", "{\"quantity\":2}", null), 400, "invalid-request");
        assertEquals(before, api.audit.everything(), "refusals write nothing");

        Map<String, Object> moved = api.body(expect(200, admin("POST", move, "{\"from\":\"mi\",\"to\":\"lazada\",\"units\":3}",
                "move-key-001")));
        expect(200, admin("POST", move, "{\"from\":\"mi\",\"to\":\"lazada\",\"units\":3}", "move-key-001"));
        api.assertProblem(admin("POST", move, "{\"from\":\"mi\",\"to\":\"shared\",\"units\":1}", "move-key-001"), 422,
                "idempotency-conflict");
        assertThat(pools(moved)).containsExactly("lazada=7/7", "mi=1/1", "shared=2/2");

        Map<String, Object> restocked = api.body(expect(200, admin("POST", "/admin/sales/" + saleId + "/restock",
                "{\"quantity\":2,\"pool\":\"shared\"}", "restock-key-01")));
        assertThat(pools(restocked)).containsExactly("lazada=7/7", "mi=1/1", "shared=4/4");
        Map<String, Object> log = api.body(expect(200, admin("GET", "/admin/audit?saleId=" + saleId, null, null)));
        assertThat(log.toString()).contains("move-pool-units", "from=mi to=lazada units=3", "pool=shared");
    }

    @Test
    void aBadChannelListIsRefused() {
        for (String channels : List.of(",\"channels\":[{\"name\":\"lazada\",\"stock\":4,\"clients\":[\"a\"]}]",
                ",\"channels\":[{\"name\":\"lazada\",\"stock\":10}]",
                ",\"channels\":[{\"name\":\"lazada\",\"stock\":\"ten\",\"clients\":[\"a\"]}]",
                ",\"channels\":[{\"name\":\"lazada\",\"stock\":10,\"clients\":[\"a\"]}],\"shards\":4",
                ",\"shared\":{\"stock\":10}", ",\"channels\":{}", ",\"channels\":[null]")) {
            api.assertProblem(admin("POST", "/admin/sales", saleBody("bad-" + UUID.randomUUID().toString().substring(0, 8),
                    channels), null), 400, "invalid-request");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> pools(Map<String, Object> sale) {
        return ((List<Map<String, Object>>) sale.get("pools")).stream()
                .map(p -> p.get("name") + "=" + p.get("available") + "/" + p.get("loaded")).toList();
    }

    private static APIGatewayV2HTTPResponse reserve(String saleId, String token, String body) {
        return api.send(api.event("POST", "/sales/" + saleId + "/reservations", token, body,
                Map.of("idempotency-key", UUID.randomUUID().toString())));
    }

    private static APIGatewayV2HTTPResponse admin(String method, String pathAndQuery, String body, String key) {
        int q = pathAndQuery.indexOf('?');
        var event = api.event(method, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q), Api.admin(), body,
                key == null ? Map.of() : Map.of("idempotency-key", key));
        if (q >= 0) {
            event.setRawQueryString(pathAndQuery.substring(q + 1));
            Map<String, String> params = new java.util.HashMap<>();
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv[1]);
            }
            event.setQueryStringParameters(params);
        }
        return api.send(event);
    }

    private static APIGatewayV2HTTPResponse expect(int status, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        return response;
    }
}
