package io.flashcheckout.http;

import io.flashcheckout.channels.ChannelPools;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Reservation;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.checkout.Signals;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reserve function: {@code POST /sales/{saleId}/reservations}. */
public class ReserveHandler extends StepHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReserveHandler.class);

    @Inject
    ReserveService reserve;

    private final Routes routes = Routes.of(
            Route.post("/sales/{saleId}/reservations", Route.Who.VERIFIED_CALLER).to(this::reserve));

    public ReserveHandler() {
    }

    public ReserveHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    Routes routes() {
        return routes;
    }

    /** 201 with a new order; 200 with the same order when the Idempotency-Key was seen before. */
    private ApiResponse reserve(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        Requests.Reserve body = request.body(Requests.Reserve.class);
        long quantity = Requests.wholeQuantity(body == null ? null : body.quantity());
        String idempotencyKey = request.header("Idempotency-Key");
        if (idempotencyKey == null) {
            throw new CheckoutException.InvalidInput("the Idempotency-Key header is required");
        }
        try (RequestLog ignored = RequestLog.sale(saleId, request.caller().subject())) {
            Signals seen = Signals.seen(request.sourceIp(), request.header("User-Agent"), request.caller().issuedAt())
                    .withChannel(channel(body));
            Reservation reservation = reserve.reserve(saleId, Caller.shopper(request.caller()), quantity, idempotencyKey,
                    request.header("admission-token"), seen);
            LOG.info("reserved order {} ({})", reservation.order().orderId(), reservation.replayed() ? "replayed" : "new");
            OrderResponse order = OrderResponse.of(reservation.order());
            return reservation.replayed() ? ApiResponse.ok(order) : ApiResponse.created(order);
        }
    }

    /** The channel the request names, only to have it checked against the caller's (null: none named). */
    private static String channel(Requests.Reserve body) {
        String named = body == null ? null : body.channel();
        if (named != null && !ChannelPools.validName(named)) {
            throw new CheckoutException.InvalidInput("channel must be 1-32 lowercase letters, digits and inner hyphens");
        }
        return named;
    }
}
