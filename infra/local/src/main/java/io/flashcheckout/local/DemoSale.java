package io.flashcheckout.local;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The demo sale: {@value #SALE_ID}, 5,000 "Demo phone"s at 199.00 EUR, one per customer, open from now for 7 days.
 * Created the way an admin creates a sale, through {@code POST /admin/sales}; straight into the sales table only
 * while the API has no such route (404 or 405).
 */
final class DemoSale {
    static final String SALE_ID = "demo";
    static final String SKU = "DEMO-PHONE";
    static final String TITLE = "Demo phone";
    static final String PRICE = "199.00";
    static final String CURRENCY = "EUR";
    static final long STOCK = 5_000;
    static final int PER_CUSTOMER_LIMIT = 1;
    static final int HOLD_SECONDS = 600;
    static final Duration OPEN_FOR = Duration.ofDays(7);

    private DemoSale() {}

    static NewSale definition(Instant now) {
        Instant opensAt = now.truncatedTo(ChronoUnit.SECONDS);
        return new NewSale(SALE_ID, SKU, TITLE, Money.of(PRICE, CURRENCY), STOCK, PER_CUSTOMER_LIMIT, opensAt,
                opensAt.plus(OPEN_FOR), HOLD_SECONDS, null);
    }

    static String json(NewSale sale) {
        return "{\"saleId\":\"" + sale.saleId() + "\",\"sku\":\"" + sale.sku() + "\",\"title\":\"" + sale.title()
                + "\",\"price\":{\"amount\":\"" + sale.price().amountString() + "\",\"currency\":\"" + sale.price().currency()
                + "\"},\"stock\":" + sale.stock() + ",\"perCustomerLimit\":" + sale.perCustomerLimit()
                + ",\"opensAt\":\"" + sale.opensAt() + "\",\"closesAt\":\"" + sale.closesAt()
                + "\",\"holdSeconds\":" + sale.holdSeconds() + "}";
    }

    /**
     * Creates the demo sale and says in one line what happened. A demo sale that already exists (an on-disk data
     * directory keeps it) is kept as it is.
     */
    static String create(URI api, String adminToken, DynamoDbClient dynamo, CheckoutTables tables, Instant now) {
        NewSale sale = definition(now);
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(HttpRequest.newBuilder(api.resolve("/admin/sales"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + adminToken)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json(sale)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return "demo sale NOT created: POST /admin/sales failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "demo sale NOT created: interrupted";
        }
        return switch (response.statusCode()) {
            case 200, 201 -> "demo sale '" + SALE_ID + "' ready (POST /admin/sales answered " + response.statusCode() + ")";
            case 409 -> "demo sale '" + SALE_ID + "' already exists with another definition; kept as it is";
            case 404, 405 -> createInStore(sale, dynamo, tables, now);
            default -> "demo sale NOT created: POST /admin/sales answered " + response.statusCode() + " " + response.body();
        };
    }

    private static String createInStore(NewSale sale, DynamoDbClient dynamo, CheckoutTables tables, Instant now) {
        try {
            SaleStore.Created created = new DynamoSaleStore(dynamo, tables).create(sale.validate(), now);
            return "demo sale '" + SALE_ID + "' " + (created.created() ? "created" : "already there")
                    + " in the sales table (the API has no POST /admin/sales route yet)";
        } catch (CheckoutException.Conflict exists) {
            return "demo sale '" + SALE_ID + "' already exists with another definition; kept as it is";
        }
    }
}
