package io.flashcheckout.http;

import io.flashcheckout.admission.WaitingRoom;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;

/**
 * The waiting room's function: {@code POST /sales/{saleId}/queue} (join: a signed ticket) and
 * {@code GET /sales/{saleId}/queue} (where the ticket stands; YOUR_TURN carries the admission token the reserve step
 * wants). The ticket travels in the {@code Queue-Ticket} header both ways; {@code Retry-After} says when to ask again.
 */
public class QueueHandler extends StepHandler {
    static final String TICKET_HEADER = "queue-ticket";

    @Inject
    WaitingRoom room;

    private final Routes routes = Routes.of(
            Route.post("/sales/{saleId}/queue", Route.Who.VERIFIED_CALLER).to(this::join),
            Route.get("/sales/{saleId}/queue", Route.Who.VERIFIED_CALLER).to(this::standing));

    public QueueHandler() {
    }

    public QueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    Routes routes() {
        return routes;
    }

    /** 201 with a new ticket; 200 with the same ticket when the shopper sent theirs ({@code Queue-Ticket}). */
    private ApiResponse join(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        WaitingRoom.Joined joined = room.join(saleId, Caller.shopper(request.caller()), request.header(TICKET_HEADER));
        Ticket body = new Ticket(saleId, joined.ticket(), joined.place().rank());
        ApiResponse response = joined.created() ? ApiResponse.created(body) : ApiResponse.ok(body);
        return response.withHeader("Retry-After", "1").withHeader("Cache-Control", "no-store");
    }

    /** Never cached by anyone but this function's one-second copy of the sale: the answer may hold an admission token. */
    private ApiResponse standing(ApiRequest request) {
        String saleId = PathIds.saleId(request.path("saleId"));
        WaitingRoom.Standing s = room.standing(saleId, Caller.shopper(request.caller()), request.header(TICKET_HEADER));
        ApiResponse response = ApiResponse.ok(new Standing(saleId, s.status().name(), s.rank(), s.servingRank(),
                s.waitSeconds(), s.admissionToken(), s.admissionExpiresAt(), s.holdsEndBy(),
                s.holdsEnding() == null ? null : s.holdsEnding().stream().map(e -> new HoldsEnding(e.by(), e.units())).toList(),
                s.payingUnits(), s.retryAfterSeconds()))
                .withHeader("Cache-Control", "no-store");
        return s.retryAfterSeconds() == null ? response : response.withHeader("Retry-After", Long.toString(s.retryAfterSeconds()));
    }

    @Serdeable
    record Ticket(String saleId, String ticket, long rank) {}

    @Serdeable
    record Standing(String saleId, String status, long rank, long servingRank, Long waitSeconds, String admissionToken,
                    Instant admissionExpiresAt, Instant holdsEndBy, List<HoldsEnding> holdsEnding, Long payingUnits,
                    Long retryAfterSeconds) {}

    @Serdeable
    record HoldsEnding(Instant by, long units) {}
}
