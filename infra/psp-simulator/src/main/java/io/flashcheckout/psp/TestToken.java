package io.flashcheckout.psp;

import java.util.Arrays;

/** The payment tokens that steer the simulator; any other token is declined as {@code invalid_token}. */
enum TestToken {
    APPROVE("tok_approve", ChargeRecord.Status.SUCCEEDED, null),
    DECLINE("tok_decline", ChargeRecord.Status.DECLINED, "card_declined"),
    DECLINE_INSUFFICIENT_FUNDS("tok_decline_insufficient_funds", ChargeRecord.Status.DECLINED, "insufficient_funds"),
    /** Charges, then holds the answer back for the configured timeout delay. */
    TIMEOUT("tok_timeout", ChargeRecord.Status.SUCCEEDED, null),
    /** Charges, then answers 500. */
    ERROR_AFTER_CHARGE("tok_error_after_charge", ChargeRecord.Status.SUCCEEDED, null),
    /** Answers 503 and records nothing. */
    UNAVAILABLE("tok_unavailable", null, null),
    UNKNOWN(null, ChargeRecord.Status.DECLINED, "invalid_token");

    private final String token;
    private final ChargeRecord.Status status;
    private final String declineReason;

    TestToken(String token, ChargeRecord.Status status, String declineReason) {
        this.token = token;
        this.status = status;
        this.declineReason = declineReason;
    }

    static TestToken of(String paymentToken) {
        return Arrays.stream(values()).filter(t -> paymentToken.equals(t.token)).findFirst().orElse(UNKNOWN);
    }

    ChargeRecord.Status status() {
        return status;
    }

    String declineReason() {
        return declineReason;
    }
}
