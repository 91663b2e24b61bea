package io.flashcheckout.http;

/**
 * A request the HTTP layer itself turns away before any step runs (a header, the body's size or syntax, the route,
 * the caller): the status, the problem's slug and a detail that never repeats the input.
 */
class Refusal extends RuntimeException {
    private final int status;
    private final String slug;

    Refusal(int status, String slug, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
    }

    /** A refusal whose detail is the fixed sentence for its status ({@link ProblemResponses#detailFor}). */
    static Refusal of(int status) {
        return new Refusal(status, ProblemResponses.slugFor(status), ProblemResponses.detailFor(status));
    }

    int status() {
        return status;
    }

    String slug() {
        return slug;
    }
}
