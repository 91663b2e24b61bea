package io.flashcheckout.psp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The one handler behind the server: adds latency, checks the bearer key, routes by exact path and method, turns
 * {@link ApiError}s into JSON error answers and holds delayed answers back.
 */
final class ApiRouter implements HttpHandler {

    /** The one accepted {@code Authorization} value; replaced whole when the key is rotated. */
    private volatile byte[] expectedAuthorization;
    private final FaultInjector faults;
    private final Ledger ledger;
    private final ChargeHandler charges;
    private final RefundHandler refunds;
    private final FingerprintHandler fingerprints;

    ApiRouter(SimulatorConfig config, Ledger ledger, FaultInjector faults) {
        acceptOnly(config.apiKey());
        this.faults = faults;
        this.ledger = ledger;
        this.charges = new ChargeHandler(ledger, faults, config.timeoutDelay());
        this.refunds = new RefundHandler(ledger, faults);
        this.fingerprints = new FingerprintHandler(new CardFingerprints(config.seed()), faults);
    }

    /** From now on only {@code apiKey} is accepted (a rotation at the provider: the old key answers 401). */
    void acceptOnly(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        expectedAuthorization = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            ApiResponse response;
            try {
                faults.applyLatency();
                authenticate(exchange);
                response = route(ApiRequest.from(exchange));
                Thread.sleep(response.delay());
            } catch (ApiError e) {
                response = e.toResponse();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the simulator is stopping
            } catch (RuntimeException e) {
                response = ApiError.internal("unexpected simulator failure: " + e).toResponse();
            }
            send(exchange, response);
        } catch (IOException e) {
            // the client went away (it may have timed out): nothing left to answer
        }
    }

    private void authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !MessageDigest.isEqual(expectedAuthorization, header.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.unauthorized();
        }
    }

    private ApiResponse route(ApiRequest request) {
        String method = request.method();
        if (!"/v1/ledger".equals(request.path()) && faults.unavailableNow()) {
            throw ApiError.unavailable();
        }
        return switch (request.path()) {
            case "/v1/charges" -> switch (method) {
                case "POST" -> charges.create(request);
                case "GET" -> charges.find(request);
                default -> throw ApiError.methodNotAllowed(method, request.path());
            };
            case "/v1/refunds" -> {
                if (!method.equals("POST")) {
                    throw ApiError.methodNotAllowed(method, request.path());
                }
                yield refunds.create(request);
            }
            case "/v1/fingerprints" -> {
                if (!method.equals("POST")) {
                    throw ApiError.methodNotAllowed(method, request.path());
                }
                yield fingerprints.lookUp(request);
            }
            case "/v1/ledger" -> {
                if (!method.equals("GET")) {
                    throw ApiError.methodNotAllowed(method, request.path());
                }
                yield ApiResponse.of(200, Json.ledger(ledger.snapshot()));
            }
            default -> throw ApiError.notFound("no route " + request.path());
        };
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] body = Json.bytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (response.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
