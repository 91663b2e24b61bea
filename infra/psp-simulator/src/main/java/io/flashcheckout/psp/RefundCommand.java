package io.flashcheckout.psp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/** A refund request body; two requests with the same key must carry equal commands. */
record RefundCommand(String chargeId, BigDecimal amount, String currency) {

    static RefundCommand from(ObjectNode body) {
        String currency = Amounts.currency(Json.requiredText(body, "currency"));
        return new RefundCommand(
                Json.requiredText(body, "chargeId"),
                Amounts.amount(Json.requiredText(body, "amount"), currency),
                currency);
    }
}
