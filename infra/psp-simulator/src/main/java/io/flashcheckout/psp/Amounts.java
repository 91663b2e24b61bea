package io.flashcheckout.psp;

import java.math.BigDecimal;
import java.util.Currency;

/** Parses the decimal-string amounts and ISO 4217 currencies of request bodies. */
final class Amounts {

    private Amounts() {}

    static String currency(String code) {
        if (!code.matches("[A-Z]{3}")) {
            throw ApiError.badRequest("currency must be an ISO 4217 code like \"EUR\"");
        }
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("unknown currency " + code);
        }
        return code;
    }

    /** A positive amount with no more decimals than the currency has, at the currency's scale ("10" EUR is 10.00). */
    static BigDecimal amount(String text, String currency) {
        if (!text.matches("\\d{1,12}(\\.\\d{1,4})?")) {
            throw ApiError.badRequest("amount must be a decimal string like \"10.00\"");
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.signum() <= 0) {
            throw ApiError.badRequest("amount must be greater than zero");
        }
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        if (amount.stripTrailingZeros().scale() > digits) {
            throw ApiError.badRequest("amount has more decimals than " + currency + " allows");
        }
        return amount.setScale(digits);
    }
}
