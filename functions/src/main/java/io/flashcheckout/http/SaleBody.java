package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** {@code POST /admin/sales}. */
@Serdeable
public record SaleBody(
        @Nullable String saleId,
        @Nullable String sku,
        @Nullable String title,
        @Nullable MoneyBody price,
        @Nullable Long stock,
        @Nullable Integer perCustomerLimit,
        @Nullable Instant opensAt,
        @Nullable Instant closesAt,
        @Nullable Integer holdSeconds,
        @Nullable Integer shards) {

    NewSale toNewSale() {
        if (price == null) {
            throw new CheckoutException.InvalidInput("price is required, as {\"amount\": \"199.00\", \"currency\": \"EUR\"}");
        }
        Money money;
        try {
            money = Money.of(price.amount(), price.currency());
        } catch (IllegalArgumentException e) {
            throw new CheckoutException.InvalidInput("price: " + e.getMessage());
        }
        return new NewSale(saleId, sku, title, money, stock, perCustomerLimit, opensAt, closesAt, holdSeconds, shards);
    }
}
