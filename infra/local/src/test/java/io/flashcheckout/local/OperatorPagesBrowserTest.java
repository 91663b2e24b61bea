package io.flashcheckout.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The operator console and the storefront demo, end to end: headless Chromium (Debian's, see {@link HeadlessChromium})
 * loads the pages from the real local stack, which serves them and the Chart.js webjar, and they call its API with the
 * tokens the stack mints. The console watches a sale sell out and cancels a review cluster through its prompt; the
 * storefront is declined once, pays, is refunded, and goes through a waiting room. Screenshots go to
 * {@code target/pages/}, and also to {@code -Dflash-checkout.screenshots=<dir>} when set (the README's images:
 * {@code infra/local/docs}).
 */
class OperatorPagesBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"(o-[0-9a-f]{32})\"");
    private static LocalStack stack;
    private static HttpClient http;
    private ChromeDriver browser;

    @BeforeAll
    static void startStack() throws IOException {
        HeadlessChromium.requireInstalled(); // before the stack: without a browser there is nothing to start it for
        stack = LocalStack.start(LocalStack.Settings.defaults(LocalTokens.generateSecret())
                .withPorts(0, 0, 0, 0).withDemoSale(false));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theConsoleShowsASaleSellingOutAndCancelsAReviewCluster() throws Exception {
        String sale = createSale("drop", 6, "");
        browser.get(stack.apiUri() + "/console/?sale=" + sale + "#token=" + stack.tokens().admin());
        waitForText("stock-left", "6");
        waitForText("sale-status", "OPEN");
        assertThat((Boolean) browser.executeScript("return typeof Chart === 'function'")).as("Chart.js from the webjar").isTrue();

        // six accounts from one address (every test request comes from 127.0.0.1): the shelf empties, three pay
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String customer = "farm-" + i;
            String order = orderId(send("POST", "/sales/" + sale + "/reservations", stack.tokens().customer(customer),
                    "{\"quantity\":1}", 201));
            orders.add(order);
            if (i < 3) {
                send("POST", "/orders/" + order + "/payment", stack.tokens().customer(customer),
                        "{\"paymentToken\":\"tok_approve_farm-card-" + i + "\"}", 200);
            }
        }
        waitForText("stock-left", "0");
        waitForText("sale-status", "SOLD_OUT");
        waitForText("paid", "3");
        waitForText("cluster-count", "1");
        webWait().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#clusters tr[data-cluster]"), 1));
        screenshot("console.png");

        webWait().ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(By.cssSelector("#clusters .cancel-cluster")).click();
            return true;
        });
        Alert prompt = webWait().until(ExpectedConditions.alertIsPresent());
        prompt.sendKeys("scalper farm: six accounts on one address");
        prompt.accept();

        webWait().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "cancelled: 6 orders"));
        waitForText("stock-left", "6");
        waitForText("cluster-count", "0");
        String audit = send("GET", "/admin/audit?saleId=" + sale, stack.tokens().admin(), null, 200);
        assertThat(audit).contains("\"action\":\"review-cancel\"", "scalper farm: six accounts on one address");
        for (String order : orders) {
            assertThat(send("GET", "/admin/orders/" + order, stack.tokens().admin(), null, 200))
                    .containsPattern("\"status\":\"(CANCELLED|REFUND_PENDING|REFUNDED)\"");
        }
    }

    @Test
    void theStorefrontIsDeclinedOncePaysAndIsRefunded() throws Exception {
        String sale = createSale("shop", 3, "");
        browser.get(stack.apiUri() + "/shop/?sale=" + sale + "#token=" + stack.tokens().customer("alice"));
        waitForText("price", "149.00 EUR");
        waitForText("countdown", "open");

        browser.findElement(By.id("reserve")).click();
        waitForText("order-status", "RESERVED");
        new Select(browser.findElement(By.id("card-outcome"))).selectByValue("tok_decline");
        browser.findElement(By.id("pay")).click();
        webWait().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "payment refused"));
        waitForText("order-status", "RESERVED");
        new Select(browser.findElement(By.id("card-outcome"))).selectByValue("tok_approve");
        browser.findElement(By.id("pay")).click();
        waitForText("order-status", "PAID");
        screenshot("shop.png");

        browser.findElement(By.id("cancel")).click();
        waitForText("order-status", "REFUND_PENDING");
        // the local workers refund it through the refunds queue; the shopper refreshes until it shows
        webWait().pollingEvery(Duration.ofSeconds(1)).until(driver -> {
            driver.findElement(By.id("refresh-order")).click();
            return driver.findElement(By.id("order-status")).getText().equals("REFUNDED");
        });
        assertThat(browser.findElement(By.id("calls")).getText())
                .contains("POST /sales/" + sale + "/reservations -> 201", "-> 402", "/payment -> 200", "/cancel -> 200");
    }

    @Test
    void theStorefrontJoinsTheWaitingRoomBeforeItReserves() throws Exception {
        String sale = createSale("room", 3, ",\"admission\":{\"mode\":\"queue\",\"ratePerSecond\":50}");
        browser.get(stack.apiUri() + "/shop/?sale=" + sale + "#token=" + stack.tokens().customer("bob"));
        waitForText("price", "149.00 EUR");
        webWait().until(ExpectedConditions.visibilityOfElementLocated(By.id("join"))).click();
        waitForText("queue-status", "YOUR_TURN");
        browser.findElement(By.id("reserve")).click();
        waitForText("order-status", "RESERVED");
        assertThat(browser.findElement(By.id("calls")).getText())
                .contains("POST /sales/" + sale + "/queue -> 201", "GET /sales/" + sale + "/queue -> 200",
                        "POST /sales/" + sale + "/reservations -> 201");
    }

    private WebDriverWait webWait() {
        return new WebDriverWait(browser, WAIT);
    }

    private void waitForText(String id, String text) {
        webWait().withMessage(() -> "#" + id + " to read \"" + text + "\" (it reads \""
                        + browser.findElement(By.id(id)).getText() + "\"; message: \""
                        + browser.findElement(By.id("message")).getText() + "\")")
                .until(ExpectedConditions.textToBe(By.id(id), text));
    }

    private void screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        List<Path> dirs = new ArrayList<>(List.of(Path.of("target", "pages")));
        String extra = System.getProperty("flash-checkout.screenshots");
        if (extra != null && !extra.isBlank()) {
            dirs.add(Path.of(extra));
        }
        for (Path dir : dirs) {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), png);
        }
    }

    private static String createSale(String prefix, int stock, String extra) throws Exception {
        String sale = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        send("POST", "/admin/sales", stack.tokens().admin(), "{\"saleId\":\"" + sale + "\",\"sku\":\"M3\",\"title\":\"Poco M3\","
                + "\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},\"stock\":" + stock + ",\"perCustomerLimit\":1,"
                + "\"opensAt\":\"" + now.minusSeconds(30) + "\",\"closesAt\":\"" + now.plusSeconds(3600) + "\","
                + "\"holdSeconds\":300,\"shards\":2" + extra + "}", 201);
        return sale;
    }

    private static String send(String method, String path, String token, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUri() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body();
    }

    private static String orderId(String body) {
        Matcher m = ORDER_ID.matcher(body);
        assertThat(m.find()).as("an order id in %s", body).isTrue();
        return m.group(1);
    }
}
