package io.flashcheckout.http;

import io.flashcheckout.checkout.Money;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Money on the wire: {@code {"amount": "199.00", "currency": "EUR"}}. */
@Serdeable
public record MoneyBody(@Nullable String amount, @Nullable String currency) {

    static MoneyBody of(Money money) {
        return new MoneyBody(money.amountString(), money.currency());
    }
}
