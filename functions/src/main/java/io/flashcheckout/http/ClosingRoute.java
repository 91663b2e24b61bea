package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.closing.StoreClosing;
import io.flashcheckout.closing.StoreClosingService;
import io.flashcheckout.review.ReviewService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * {@code POST /admin/store/closing}: an admin sets when the store closes and how many days after that personal data
 * is kept; the admin log keeps it under the sale id {@value #AUDIT_SALE}. Also the gate every write route passes:
 * once the store is closed they answer 409 {@code store-closed} and change nothing (this route excepted, so an admin
 * can still move the date).
 */
final class ClosingRoute {
    static final String PATH = "/admin/store/closing";
    static final String AUDIT_SALE = "store";

    @Serdeable
    record Body(@Nullable String closesAt, @Nullable String retentionDays) {}

    @Serdeable
    record Answer(Instant closesAt, int retentionDays, Instant personalDataDeletedFrom, @Nullable Instant anonymisedAt) {
        static Answer of(StoreClosing c) {
            return new Answer(c.closesAt(), c.retentionDays(), c.personalDataDeletedFrom(), c.anonymisedAt());
        }
    }

    private ClosingRoute() {}

    static ApiResponse set(ApiRequest request, StoreClosingService closing, ReviewService review) {
        String admin = Caller.admin(request.caller()).customerId();
        Body body = request.body(Body.class);
        if (body == null) {
            throw new CheckoutException.InvalidInput("the body must be {\"closesAt\": instant, \"retentionDays\": 0 to "
                    + StoreClosing.MAX_RETENTION_DAYS + "}");
        }
        Instant closesAt = BoundedInstant.parse("closesAt", body.closesAt());
        Integer days = BoundedNumber.wholeInt("retentionDays", body.retentionDays());
        if (days == null || days < 0 || days > StoreClosing.MAX_RETENTION_DAYS) {
            throw new CheckoutException.InvalidInput("retentionDays must be 0 to " + StoreClosing.MAX_RETENTION_DAYS);
        }
        closing.setClosing(closesAt, days);
        review.recordAction(AUDIT_SALE, admin, "store-closing", "closesAt=" + closesAt + " retentionDays=" + days,
                closesAt + "\n" + days);
        return ApiResponse.ok(Answer.of(closing.closing().orElseThrow()));
    }

    /** Refuses a write route once the store is closed. */
    static void requireOpen(Route route, StoreClosingService closing) {
        if (!route.method().equals("GET") && !route.path().equals(PATH) && closing.closed()) {
            throw new Refusal(409, "store-closed", "the store is closed: it takes no more orders, payments or changes; "
                    + "reads (GET /sales/{saleId}, GET /me/orders, GET /me/export) still work");
        }
    }
}
