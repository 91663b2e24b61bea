package io.flashcheckout.psp;

/** An error answer, {@code {"error":"<slug>","message":"..."}}, thrown wherever a request ends in one. */
final class ApiError extends RuntimeException {

    private final int status;
    private final String slug;

    private ApiError(int status, String slug, String message) {
        super(message, null, false, false);
        this.status = status;
        this.slug = slug;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request", message);
    }

    static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "missing or wrong Authorization: Bearer <api key>");
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, "method_not_allowed", method + " is not supported on " + path);
    }

    static ApiError payloadTooLarge(int limit) {
        return new ApiError(413, "payload_too_large", "request bodies are limited to " + limit + " bytes");
    }

    static ApiError invalidToken(String message) {
        return new ApiError(402, "invalid_token", message);
    }

    static ApiError idempotencyConflict(String key) {
        return new ApiError(422, "idempotency_conflict",
                "Idempotency-Key " + key + " was already used with a different request body");
    }

    static ApiError refundRejected(String message) {
        return new ApiError(422, "refund_rejected", message);
    }

    static ApiError internal(String message) {
        return new ApiError(500, "internal_error", message);
    }

    static ApiError unavailable() {
        return new ApiError(503, "service_unavailable", "simulated outage: nothing was recorded, try again");
    }

    ApiResponse toResponse() {
        return ApiResponse.of(status, Json.error(slug, getMessage()));
    }
}
