package io.flashcheckout.psp;

/** {@code POST /v1/refunds}. */
final class RefundHandler {

    private final Ledger ledger;
    private final FaultInjector faults;

    RefundHandler(Ledger ledger, FaultInjector faults) {
        this.ledger = ledger;
        this.faults = faults;
    }

    ApiResponse create(ApiRequest request) {
        String key = request.idempotencyKey();
        RefundCommand command = RefundCommand.from(request.jsonBody());
        if (faults.failBeforeCharge()) {
            throw ApiError.unavailable();
        }
        Ledger.Recorded<RefundRecord> recorded = ledger.refund(key, command);
        if (recorded.created() && faults.failAfterCharge()) {
            throw ApiError.internal("simulated error");
        }
        return ApiResponse.of(201, Json.refund(recorded.value()));
    }
}
