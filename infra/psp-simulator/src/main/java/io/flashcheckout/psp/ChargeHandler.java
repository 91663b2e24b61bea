package io.flashcheckout.psp;

import java.time.Duration;

/** {@code POST /v1/charges} and {@code GET /v1/charges?idempotencyKey=K}. */
final class ChargeHandler {

    private final Ledger ledger;
    private final FaultInjector faults;
    private final Duration timeoutDelay;

    ChargeHandler(Ledger ledger, FaultInjector faults, Duration timeoutDelay) {
        this.ledger = ledger;
        this.faults = faults;
        this.timeoutDelay = timeoutDelay;
    }

    ApiResponse create(ApiRequest request) {
        String key = request.idempotencyKey();
        ChargeCommand command = ChargeCommand.from(request.jsonBody());
        TestToken token = TestToken.of(command.paymentToken());
        if (token == TestToken.UNAVAILABLE || faults.failBeforeCharge()) {
            throw ApiError.unavailable();
        }
        Ledger.Recorded<ChargeRecord> recorded = ledger.charge(key, command, token.status(), token.declineReason(command.paymentToken()));
        ApiResponse answer = answer(recorded.value());
        if (!recorded.created()) {
            return answer;
        }
        return switch (token) {
            case TIMEOUT -> answer.delayedBy(timeoutDelay);
            case ERROR_AFTER_CHARGE -> throw ApiError.internal("simulated error after the charge");
            default -> {
                if (faults.failAfterCharge()) {
                    throw ApiError.internal("simulated error");
                }
                yield answer;
            }
        };
    }

    ApiResponse find(ApiRequest request) {
        String key = request.requiredQueryParameter("idempotencyKey");
        return ledger.chargeForKey(key)
                .map(charge -> ApiResponse.of(200, Json.charge(charge)))
                .orElseThrow(() -> ApiError.notFound("no charge with idempotency key " + key));
    }

    private static ApiResponse answer(ChargeRecord charge) {
        return ApiResponse.of(charge.succeeded() ? 201 : 402, Json.charge(charge));
    }
}
