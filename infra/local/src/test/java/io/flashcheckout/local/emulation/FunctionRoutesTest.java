package io.flashcheckout.local.emulation;

import io.flashcheckout.local.template.CloudFormationTemplate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The local API names each invocation after the template's function for its route, as API Gateway would invoke it. */
class FunctionRoutesTest {
    private final FunctionRoutes routes = FunctionRoutes.of(CloudFormationTemplate.bundled());

    @Test
    void eachRouteIsItsFunction() {
        assertThat(routes.functionFor("POST", "/sales/s-1/reservations", "none")).isEqualTo("flash-checkout-reserve");
        assertThat(routes.functionFor("POST", "/orders/o-1/payment", "none")).isEqualTo("flash-checkout-pay");
        assertThat(routes.functionFor("POST", "/orders/o-1/cancel", "none")).isEqualTo("flash-checkout-cancel");
        assertThat(routes.functionFor("GET", "/sales/s-1", "none")).isEqualTo("flash-checkout-reads");
        assertThat(routes.functionFor("GET", "/orders/o-1", "none")).isEqualTo("flash-checkout-reads");
        assertThat(routes.functionFor("GET", "/admin/orders/o-1", "none")).isEqualTo("flash-checkout-admin");
        assertThat(routes.functionFor("POST", "/admin/orders/cancel", "none")).isEqualTo("flash-checkout-admin");
        assertThat(routes.functionFor("post", "/admin/sales/s-1/restock", "none")).isEqualTo("flash-checkout-admin");
    }

    @Test
    void noRouteIsTheFallback() {
        assertThat(routes.functionFor("DELETE", "/sales/s-1", "none")).isEqualTo("none");
        assertThat(routes.functionFor("GET", "/sales/s-1/extra", "none")).isEqualTo("none");
        assertThat(routes.functionFor("GET", "/sales/", "none")).isEqualTo("none");
    }

    @Test
    void eachRouteNamesItsFunctionsHandlerClass() {
        assertThat(routes.target("POST", "/sales/s-1/reservations")).contains(
                new FunctionRoutes.Target("flash-checkout-reserve", "io.flashcheckout.http.ReserveHandler"));
        assertThat(routes.target("GET", "/orders/o-1")).contains(
                new FunctionRoutes.Target("flash-checkout-reads", "io.flashcheckout.http.ReadsHandler"));
        assertThat(routes.target("DELETE", "/sales/s-1")).isEmpty();
        assertThat(routes.target("GET", "/sales/s-1/queue")).contains(
                new FunctionRoutes.Target("flash-checkout-queue", "io.flashcheckout.http.QueueHandler"));
        assertThat(routes.handlers()).containsOnlyKeys("flash-checkout-reserve", "flash-checkout-pay",
                "flash-checkout-cancel", "flash-checkout-reads", "flash-checkout-queue", "flash-checkout-admin",
                "flash-checkout-mydata");
    }
}
