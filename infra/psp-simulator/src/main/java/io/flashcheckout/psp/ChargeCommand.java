package io.flashcheckout.psp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/** A charge request body; two requests with the same key must carry equal commands. */
record ChargeCommand(BigDecimal amount, String currency, String paymentToken, String reference) {

    static ChargeCommand from(ObjectNode body) {
        String currency = Amounts.currency(Json.requiredText(body, "currency"));
        return new ChargeCommand(
                Amounts.amount(Json.requiredText(body, "amount"), currency),
                currency,
                Json.requiredText(body, "paymentToken"),
                Json.optionalText(body, "reference"));
    }
}
