package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.flashcheckout.checkout.CheckoutEvent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every route through the real Lambda handler, driven by the event files under events/. */
class RoutesTest {
    @RegisterExtension
    static final Api api = new Api();
    private static int sales;

    private static String newSale() {
        String saleId = "route-sale-" + (++sales);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        APIGatewayV2HTTPResponse created = api.send("admin-create-sale.json", Map.of("SALE_ID", saleId,
                "ADMIN_TOKEN", Api.admin(), "OPENS_AT", now.minusSeconds(60).toString(), "CLOSES_AT", now.plusSeconds(86_400).toString()));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return saleId;
    }

    private static Map<String, String> as(String customer, String saleId, String orderId) {
        return Map.of("SALE_ID", saleId, "ORDER_ID", orderId == null ? "none" : orderId,
                "SHOPPER_TOKEN", Api.shopper(customer), "ADMIN_TOKEN", Api.admin(),
                "IDEMPOTENCY_KEY", UUID.randomUUID().toString());
    }

    @Test
    void aShopperReservesPaysAndReadsTheirOrder() {
        String saleId = newSale();
        APIGatewayV2HTTPResponse sale = api.send("get-sale.json", as("alice", saleId, null));
        assertEquals(200, sale.getStatusCode(), sale.getBody());
        assertEquals("OPEN", api.body(sale).get("status"));
        assertEquals(500, ((Number) api.body(sale).get("available")).intValue());

        Map<String, String> alice = as("alice", saleId, null);
        long reservationsBefore = api.metrics().counted(CheckoutEvent.RESERVED);
        long paymentsBefore = api.metrics().counted(CheckoutEvent.PAID);
        APIGatewayV2HTTPResponse reserved = api.send("reserve.json", alice);
        APIGatewayV2HTTPResponse replayed = api.send("reserve.json", alice);
        assertEquals(201, reserved.getStatusCode(), reserved.getBody());
        assertEquals(200, replayed.getStatusCode(), replayed.getBody());
        Map<String, Object> order = api.body(reserved);
        String orderId = (String) order.get("orderId");
        assertEquals(orderId, api.body(replayed).get("orderId"));
        assertEquals("RESERVED", order.get("status"));
        assertEquals(Map.of("amount", "149.00", "currency", "EUR"), order.get("amount"));
        assertThat(order).containsKeys("holdExpiresAt", "createdAt", "updatedAt", "customerId", "quantity", "saleId");

        APIGatewayV2HTTPResponse paid = api.send("pay.json", as("alice", saleId, orderId));
        assertEquals(200, paid.getStatusCode(), paid.getBody());
        assertEquals("PAID", api.body(paid).get("status"));
        APIGatewayV2HTTPResponse read = api.send("get-order.json", as("alice", saleId, orderId));
        assertEquals(200, read.getStatusCode());
        assertEquals("PAID", api.body(read).get("status"));
        assertEquals(1, api.psp.ledger().chargeCountForReference(orderId));
        api.audit.assertInvariants(saleId);
        // the handler's own metrics bean counted the reservation once (not its replay) and the payment
        assertEquals(reservationsBefore + 1, api.metrics().counted(CheckoutEvent.RESERVED));
        assertEquals(paymentsBefore + 1, api.metrics().counted(CheckoutEvent.PAID));
    }

    @Test
    void anotherShoppersOrderIsNotFound() {
        String saleId = newSale();
        String orderId = (String) api.body(api.send("reserve.json", as("bob", saleId, null))).get("orderId");

        for (String file : List.of("get-order.json", "pay.json", "cancel-order.json")) {
            APIGatewayV2HTTPResponse response = api.send(file, as("mallory", saleId, orderId));
            api.assertProblem(response, 404, "not-found");
        }
        assertEquals(0, api.psp.ledger().chargeCountForReference(orderId));
        assertEquals(499, api.audit.assertInvariants(saleId).shardTotal());
    }

    @Test
    void cancelAndAdminCancelReleaseStock() {
        String saleId = newSale();
        String mine = (String) api.body(api.send("reserve.json", as("carol", saleId, null))).get("orderId");
        String scalped = (String) api.body(api.send("reserve.json", as("scalper", saleId, null))).get("orderId");
        api.send("pay.json", as("scalper", saleId, scalped));

        APIGatewayV2HTTPResponse cancelled = api.send("cancel-order.json", as("carol", saleId, mine));
        APIGatewayV2HTTPResponse bulk = api.send("admin-cancel-orders.json", as("ops", saleId, scalped));

        assertEquals(200, cancelled.getStatusCode(), cancelled.getBody());
        assertEquals("CANCELLED", api.body(cancelled).get("status"));
        assertEquals(200, bulk.getStatusCode(), bulk.getBody());
        assertEquals(List.of(Map.of("orderId", scalped, "status", "REFUND_PENDING")), api.body(bulk).get("results"));
        assertEquals(500, api.audit.assertInvariants(saleId).shardTotal());
    }

    @Test
    void scalperOrdersCancelledByAnAdminGoOnSaleAgainInASecondWave() {
        String saleId = newSale();
        String scalped = (String) api.body(api.send("reserve.json", as("scalper", saleId, null))).get("orderId");
        api.send("pay.json", as("scalper", saleId, scalped));
        api.send("admin-cancel-orders.json", as("ops", saleId, scalped));
        Instant wave = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3600);

        APIGatewayV2HTTPResponse reopened = api.send("admin-reopen-sale.json", Map.of("SALE_ID", saleId,
                "ADMIN_TOKEN", Api.admin(), "OPENS_AT", wave.toString(), "CLOSES_AT", wave.plusSeconds(600).toString()));

        assertEquals(200, reopened.getStatusCode(), reopened.getBody());
        assertEquals("UPCOMING", api.body(reopened).get("status"));
        assertEquals(wave.toString(), api.body(reopened).get("opensAt"));
        assertEquals(500, ((Number) api.body(reopened).get("available")).intValue());
        api.assertProblem(api.send("reserve.json", as("second-wave", saleId, null)), 409, "sale-not-open");
        api.assertProblem(api.send("admin-reopen-sale.json", Map.of("SALE_ID", saleId, "ADMIN_TOKEN", Api.admin(),
                "OPENS_AT", wave.toString(), "CLOSES_AT", wave.minusSeconds(1).toString())), 400, "invalid-request");
        api.assertProblem(api.send("admin-reopen-sale.json", Map.of("SALE_ID", saleId, "ADMIN_TOKEN", Api.shopper("x"),
                "OPENS_AT", wave.toString(), "CLOSES_AT", wave.plusSeconds(1).toString())), 403, "forbidden");
        api.assertProblem(api.send("admin-reopen-sale.json", Map.of("SALE_ID", "no-such-sale", "ADMIN_TOKEN", Api.admin(),
                "OPENS_AT", wave.toString(), "CLOSES_AT", wave.plusSeconds(1).toString())), 404, "not-found");
    }

    @Test
    void restockAddsUnits() {
        String saleId = newSale();
        APIGatewayV2HTTPResponse restocked = api.send("admin-restock.json", as("ops", saleId, null));
        assertEquals(200, restocked.getStatusCode(), restocked.getBody());
        assertEquals(600, ((Number) api.body(restocked).get("available")).intValue());
        assertEquals(600, api.audit.assertInvariants(saleId).stockLoaded());
    }

    @Test
    void theSameSaleAgainIs200AndAnotherDefinitionIs409() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> values = Map.of("SALE_ID", "same-sale", "ADMIN_TOKEN", Api.admin(),
                "OPENS_AT", now.toString(), "CLOSES_AT", now.plusSeconds(3600).toString());
        assertEquals(201, api.send("admin-create-sale.json", values).getStatusCode());
        assertEquals(200, api.send("admin-create-sale.json", values).getStatusCode());
        Map<String, String> other = Map.of("SALE_ID", "same-sale", "ADMIN_TOKEN", Api.admin(),
                "OPENS_AT", now.toString(), "CLOSES_AT", now.plusSeconds(7200).toString());
        api.assertProblem(api.send("admin-create-sale.json", other), 409, "conflict");
    }

    /** The document the jar publishes lists exactly the routes the five handlers serve, each once. */
    @Test
    void theOpenApiDocumentListsExactlyTheHandlersRoutes() {
        List<String> served = api.handlerRoutes();

        assertThat(served).doesNotHaveDuplicates();
        assertThat(OpenApiDocument.published().routeKeys()).containsExactlyInAnyOrderElementsOf(served);
    }

    /** The check every answer of these tests passes can fail: an answer its route does not document is caught. */
    @Test
    void anAnswerTheDocumentDoesNotDescribeIsCaught() {
        OpenApiDocument document = OpenApiDocument.published();
        Route reserve = Route.post("/sales/{saleId}/reservations", Route.Who.VERIFIED_CALLER);

        assertThat(document.errors(reserve, 201, "{\"orderId\":\"o-1\",\"status\":\"SHIPPED\"}")).isNotEmpty();
        assertThat(document.errors(reserve, 409, "{\"type\":\"about:blank\",\"title\":\"x\",\"status\":409}")).isNotEmpty();
        assertThat(document.errors(null, 404, "{\"type\":\"urn:flash-checkout:problem:not-found\",\"title\":\"Not found\",\"status\":404}")).isEmpty();
    }

    /** Priming before the SnapStart snapshot runs every route's request path, and every request it sends is refused. */
    @Test
    void primingEachHandlerBeforeTheSnapshotWritesNothing() {
        String saleId = newSale();
        var before = api.audit.everything();

        api.primeHandlers();

        assertEquals(before, api.audit.everything());
        assertEquals(500, api.audit.assertInvariants(saleId).shardTotal());
    }
}
