package io.flashcheckout.psp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** A JSON answer, optionally held back for a while before it is sent. */
record ApiResponse(int status, JsonNode body, Duration delay) {

    static ApiResponse of(int status, JsonNode body) {
        return new ApiResponse(status, body, Duration.ZERO);
    }

    ApiResponse delayedBy(Duration delay) {
        return new ApiResponse(status, body, delay);
    }
}
