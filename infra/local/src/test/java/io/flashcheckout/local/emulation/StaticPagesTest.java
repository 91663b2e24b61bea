package io.flashcheckout.local.emulation;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pages and the Chart.js webjar are served before the API's routing, and nothing else is reachable through them. */
class StaticPagesTest {
    private static LambdaHttpFront front;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        front = LambdaHttpFront.start(0, (event, context) -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200).withBody("the API: " + event.getRawPath()).build(), null);
    }

    @AfterAll
    static void stop() {
        front.close();
    }

    @Test
    void servesThePagesTheirSharedFilesAndTheChartLibrary() throws Exception {
        HttpResponse<String> console = get("/console/");
        assertEquals(200, console.statusCode());
        assertThat(console.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(console.body()).contains("Operator console", "../webjars/chart.js/4.4.1/dist/chart.umd.js");
        assertThat(get("/shop/").body()).contains("Storefront demo");
        assertThat(get("/shop/shop.js").headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/config.js").body()).contains("window.FLASH_CHECKOUT");
        assertThat(get("/api.js").body()).contains("FlashApi");
        assertThat(get("/pages.css").statusCode()).isEqualTo(200);
        HttpResponse<String> chart = get("/webjars/chart.js/4.4.1/dist/chart.umd.js");
        assertEquals(200, chart.statusCode());
        assertThat(chart.body()).contains("Chart.js v4.4.1");
    }

    @Test
    void everythingElseIsTheApisOrNotFound() throws Exception {
        assertThat(get("/sales/demo").body()).isEqualTo("the API: /sales/demo");
        for (String path : new String[] {"/console/%2e%2e/%2e%2e/pom.xml", "/console/..%2fshop/index.html", "/console/nothing.html",
                "/webjars/chart.js/4.4.1/../../../io/flashcheckout/local/StaticPages.class", "/console/.hidden",
                "/webjars/META-INF/MANIFEST.MF", "/config.jsx"}) {
            assertEquals(404, get(path).statusCode(), path);
        }
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(front.baseUri() + "/console/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(front.baseUri() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
