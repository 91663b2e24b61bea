package io.flashcheckout.checkout;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** An amount in one ISO 4217 currency, kept at the currency's minor-unit scale. */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int scale = currencyOf(currency).getDefaultFractionDigits();
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (amount.stripTrailingZeros().scale() > Math.max(scale, 0)) {
            throw new IllegalArgumentException("amount has more decimals than " + currency + " allows");
        }
        amount = amount.setScale(Math.max(scale, 0));
    }

    /** Parses a decimal string such as {@code "199.00"}; rejects exponents, signs and non-numbers. */
    public static Money of(String amount, String currency) {
        if (amount == null || !amount.matches("\\d{1,12}(\\.\\d{1,4})?")) {
            throw new IllegalArgumentException("amount must be a decimal string like \"199.00\"");
        }
        return new Money(new BigDecimal(amount), currency);
    }

    public Money times(int quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }

    public String amountString() {
        return amount.toPlainString();
    }

    private static Currency currencyOf(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code like \"EUR\"");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ISO 4217 currency " + code);
        }
    }
}
