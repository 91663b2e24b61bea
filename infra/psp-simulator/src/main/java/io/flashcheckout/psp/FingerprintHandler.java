package io.flashcheckout.psp;

/**
 * {@code POST /v1/fingerprints} with {@code {"paymentToken": "..."}}: the fingerprint of the token's card, 200
 * {@code {"fingerprint": "fp_..."}}; a token that is no card is 402 {@code invalid_token}. It moves no money and
 * records nothing, but like a charge it may meet a pre-charge fault (503).
 */
final class FingerprintHandler {

    private final CardFingerprints fingerprints;
    private final FaultInjector faults;

    FingerprintHandler(CardFingerprints fingerprints, FaultInjector faults) {
        this.fingerprints = fingerprints;
        this.faults = faults;
    }

    ApiResponse lookUp(ApiRequest request) {
        String token = Json.requiredText(request.jsonBody(), "paymentToken");
        if (faults.failBeforeCharge()) {
            throw ApiError.unavailable();
        }
        return fingerprints.of(token)
                .map(fingerprint -> ApiResponse.of(200, Json.MAPPER.createObjectNode().put("fingerprint", fingerprint)))
                .orElseThrow(() -> ApiError.invalidToken("the payment token is not a card"));
    }
}
