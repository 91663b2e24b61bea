package io.flashcheckout.http;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Refund;
import io.flashcheckout.mydata.DataExport;
import io.flashcheckout.mydata.MyData;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;

/**
 * The shopper's own data function: {@code GET /me/orders} (their orders, newest first, paged) and {@code GET /me/export}
 * (everything the checkout holds about them, in parts of at most {@link MyData#EXPORT_PAGE} orders). Whose data is
 * only ever the verified token's subject: no parameter or header names a customer.
 */
public class MyDataHandler extends StepHandler {
    @Inject
    MyData myData;

    private final Routes routes = Routes.of(
            Route.get("/me/orders", Route.Who.VERIFIED_CALLER).to(this::orders),
            Route.get("/me/export", Route.Who.VERIFIED_CALLER).to(this::export));

    public MyDataHandler() {
    }

    public MyDataHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    Routes routes() {
        return routes;
    }

    private ApiResponse orders(ApiRequest request) {
        int limit = limit(request.query("limit"));
        var page = myData.orders(Caller.shopper(request.caller()), cursor(request.query("cursor")), limit);
        return ApiResponse.ok(new ReviewBodies.OrdersPage(page.orders().stream().map(OrderResponse::of).toList(),
                page.nextCursor())).withHeader("Cache-Control", "no-store");
    }

    private ApiResponse export(ApiRequest request) {
        DataExport export = myData.export(Caller.shopper(request.caller()), cursor(request.query("cursor")));
        return ApiResponse.ok(ExportBody.of(export)).withHeader("Cache-Control", "no-store");
    }

    private static int limit(@Nullable String text) {
        if (text == null) {
            return MyData.DEFAULT_LIMIT;
        }
        Long limit = BoundedNumber.whole("limit", text);
        if (limit == null || limit < 1 || limit > MyData.MAX_LIMIT) {
            throw new CheckoutException.InvalidInput("limit must be 1 to " + MyData.MAX_LIMIT);
        }
        return limit.intValue();
    }

    private static String cursor(@Nullable String text) {
        if (text != null && (text.isEmpty() || text.length() > AdminHandler.MAX_CURSOR_CHARS)) {
            throw new CheckoutException.InvalidInput("cursor is not one this listing gave; start again without it");
        }
        return text;
    }

    /** One part of a shopper's export: their orders with every signal kept about them, and the refunds of their charges. */
    @Serdeable
    public record ExportBody(String customerId, Instant exportedAt, int maxOrdersPerPart,
                             @JsonInclude(JsonInclude.Include.ALWAYS) List<OrderResponse> orders,
                             @JsonInclude(JsonInclude.Include.ALWAYS) List<RefundBody> refunds,
                             @Nullable String nextCursor) {
        static ExportBody of(DataExport export) {
            return new ExportBody(export.customerId(), export.exportedAt(), MyData.EXPORT_PAGE,
                    // with the signals, as an admin sees them: the export is everything held about the shopper
                    export.orders().stream().map(OrderResponse::forAdmin).toList(),
                    export.refunds().stream().map(RefundBody::of).toList(), export.nextCursor());
        }
    }

    @Serdeable
    public record RefundBody(String refundId, String orderId, String saleId, MoneyBody amount, Refund.Status status,
                             @Nullable String reason, Instant createdAt, Instant updatedAt) {
        static RefundBody of(Refund r) {
            return new RefundBody(r.refundId(), r.orderId(), r.saleId(), MoneyBody.of(r.amount()), r.status(), r.reason(),
                    r.createdAt(), r.updatedAt());
        }
    }
}
