package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the API answered: the status and, for a problem, its slug (the end of its {@code type}); {@code status} 0
 * when no answer came (the {@code kind} then names the failure).
 */
record Answer(int status, String kind, JsonNode body, Long retryAfterSeconds) {
    private static final String PROBLEM = "urn:flash-checkout:problem:";

    Answer(int status, String kind, JsonNode body) {
        this(status, kind, body, null);
    }

    /** With the answer's {@code Retry-After} header (whole seconds), when it had one. */
    static Answer of(int status, JsonNode body, Long retryAfterSeconds) {
        Answer answer = of(status, body);
        return new Answer(answer.status(), answer.kind(), answer.body(), retryAfterSeconds);
    }

    static Answer of(int status, JsonNode body) {
        String kind = "";
        if (status >= 400 && body != null && body.path("type").isTextual()) {
            String type = body.path("type").asText();
            kind = type.startsWith(PROBLEM) ? type.substring(PROBLEM.length()) : type;
        }
        return new Answer(status, kind, body);
    }

    static Answer failed(Throwable e) {
        return new Answer(0, e.getClass().getSimpleName(), null);
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    boolean is(String problem) {
        return kind.equals(problem);
    }

    String text(String field) {
        return body == null || !body.path(field).isTextual() ? null : body.path(field).asText();
    }

    /** How the report groups answers: {@code 201}, {@code 409 sold-out}, {@code no answer (HttpTimeoutException)}. */
    String label() {
        if (status == 0) {
            return "no answer (" + kind + ")";
        }
        return kind.isEmpty() ? Integer.toString(status) : status + " " + kind;
    }
}
