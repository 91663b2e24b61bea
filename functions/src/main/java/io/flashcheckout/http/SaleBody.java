package io.flashcheckout.http;

import io.flashcheckout.admission.Admission;
import io.flashcheckout.channels.NewChannel;
import io.flashcheckout.channels.PoolRequest;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

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
        @Nullable AdmissionBody admission,
        @Nullable List<ChannelBody> channels,
        @Nullable SharedBody shared,
        @Nullable String shardsPerPool) {

    /** {@code {"name": "lazada", "stock": 20000, "clients": ["<app client id>"]}}: who sells from the pool. */
    @Serdeable
    record ChannelBody(@Nullable String name, @Nullable String stock, @Nullable List<String> clients) {}

    /** {@code "shared": {"stock": 5000}}: units any channel takes once its own pool is empty. */
    @Serdeable
    record SharedBody(@Nullable String stock) {}

    /** The pools asked for; null without channels (a shared pool alone is refused: it needs channels). */
    private PoolRequest pools() {
        if (channels == null) {
            if (shared != null || shardsPerPool != null) {
                throw new CheckoutException.InvalidInput("shared and shardsPerPool need channels");
            }
            return null;
        }
        if (channels.size() > io.flashcheckout.channels.ChannelPools.MAX_CHANNELS) {
            throw new CheckoutException.InvalidInput("channels must list 1-" + io.flashcheckout.channels.ChannelPools.MAX_CHANNELS + " channels");
        }
        List<NewChannel> asked = channels.stream().map(c -> c == null ? null
                : new NewChannel(c.name(), BoundedNumber.whole("channels.stock", c.stock()), c.clients())).toList();
        return new PoolRequest(asked, shared == null ? null : BoundedNumber.whole("shared.stock", shared.stock()),
                BoundedNumber.wholeInt("shardsPerPool", shardsPerPool));
    }

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
                admission == null ? null : admission.toAdmission(),
                pools());
    }
}
