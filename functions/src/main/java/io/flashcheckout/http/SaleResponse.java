package io.flashcheckout.http;

import io.flashcheckout.admission.Admission;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.checkout.SaleStatus;
import io.flashcheckout.checkout.SaleView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

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
        long available,
        @Nullable AdmissionResponse admission,
        @Nullable List<PoolResponse> pools) {

    static SaleResponse of(SaleView view) {
        Sale s = view.sale();
        Admission a = s.admission();
        return new SaleResponse(s.saleId(), s.sku(), s.title(), MoneyBody.of(s.price()), s.stock(), s.stockLoaded(),
                s.perCustomerLimit(), s.opensAt(), s.closesAt(), s.holdSeconds(), s.shards(), view.status(), view.available(),
                a == null ? null : new AdmissionResponse(a.mode(), a.ratePerSecond(), a.preQueueSeconds(), a.admissionSeconds(),
                        "/sales/" + s.saleId() + "/queue"),
                view.pools() == null ? null : view.pools().stream()
                        .map(p -> new PoolResponse(p.name(), p.loaded(), p.available())).toList());
    }

    /** One pool of a sale with channels: its units loaded and left ({@code shared} is the shared pool). */
    @Serdeable
    record PoolResponse(String name, long loaded, long available) {}

    /** The sale's waiting room; {@code queue} is where shoppers join it. */
    @Serdeable
    record AdmissionResponse(String mode, int ratePerSecond, int preQueueSeconds, int admissionSeconds, String queue) {}
}
