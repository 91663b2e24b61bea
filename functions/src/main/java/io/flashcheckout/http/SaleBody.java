package io.flashcheckout.http;

import io.flashcheckout.admission.Admission;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /admin/sales}. Numbers and instants bind as the caller's text and are converted by
 * {@link BoundedNumber} and {@link BoundedInstant} (a fraction is refused, not truncated).
 */
@Serdeable
public record SaleBody(
        @Nullable String saleId,
        @Nullable String sku,
        @Nullable String title,
        @Nullable MoneyBody price,
        @Nullable String stock,
        @Nullable String perCustomerLimit,
        @Nullable String opensAt,
        @Nullable String closesAt,
        @Nullable String holdSeconds,
        @Nullable String shards,
        @Nullable AdmissionBody admission) {

    /** {@code "admission": {"mode": "queue", "ratePerSecond": 50, "preQueueSeconds": 900, "admissionSeconds": 120}}. */
    @Serdeable
    record AdmissionBody(@Nullable String mode, @Nullable String ratePerSecond, @Nullable String preQueueSeconds,
                         @Nullable String admissionSeconds) {

        Admission toAdmission() {
            return Admission.of(mode,
                    BoundedNumber.wholeInt("admission.ratePerSecond", ratePerSecond),
                    BoundedNumber.wholeInt("admission.preQueueSeconds", preQueueSeconds),
                    BoundedNumber.wholeInt("admission.admissionSeconds", admissionSeconds));
        }
    }

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
        return new NewSale(saleId, sku, title, money,
                BoundedNumber.whole("stock", stock),
                BoundedNumber.wholeInt("perCustomerLimit", perCustomerLimit),
                BoundedInstant.parse("opensAt", opensAt),
                BoundedInstant.parse("closesAt", closesAt),
                BoundedNumber.wholeInt("holdSeconds", holdSeconds),
                BoundedNumber.wholeInt("shards", shards),
                admission == null ? null : admission.toAdmission());
    }
}
