package io.flashcheckout.http;

import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.SaleStatus;
import io.flashcheckout.checkout.SaleView;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

@Serdeable
public record SaleResponse(
        String saleId,
        String sku,
        String title,
        MoneyBody price,
        long stock,
        long stockLoaded,
        int perCustomerLimit,
        Instant opensAt,
        Instant closesAt,
        int holdSeconds,
        int shards,
        SaleStatus status,
        long available) {

    static SaleResponse of(SaleView view) {
        Sale s = view.sale();
        return new SaleResponse(s.saleId(), s.sku(), s.title(), MoneyBody.of(s.price()), s.stock(), s.stockLoaded(),
                s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards(), view.status(), view.available());
    }
}
