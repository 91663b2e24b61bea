package io.flashcheckout.http;

import io.flashcheckout.checkout.ReleaseService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cancel function: {@code POST /orders/{orderId}/cancel}, for the order's own shopper. */
public class CancelHandler extends StepHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CancelHandler.class);

    @Inject
    ReleaseService release;

    private final Routes routes = Routes.of(
            Route.post("/orders/{orderId}/cancel", Route.Who.VERIFIED_CALLER).to(this::cancel));

    public CancelHandler() {
    }

    public CancelHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    Routes routes() {
        return routes;
    }

    private ApiResponse cancel(ApiRequest request) {
        String orderId = PathIds.orderId(request.path("orderId"));
        try (RequestLog ignored = RequestLog.order(orderId, request.caller().subject())) {
            OrderResponse order = OrderResponse.of(release.cancel(orderId, Caller.shopper(request.caller()), null));
            LOG.info("order {} cancelled: {}", orderId, order.status());
            return ApiResponse.ok(order);
        }
    }
}
