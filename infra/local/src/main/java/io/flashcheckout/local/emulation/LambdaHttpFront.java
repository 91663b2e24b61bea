package io.flashcheckout.local.emulation;

import io.flashcheckout.local.backends.BindAddresses;
import io.flashcheckout.local.template.CloudFormationTemplate;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What API Gateway does in front of the API's functions, on 127.0.0.1 unless told otherwise: each HTTP request becomes
 * an {@link APIGatewayV2HTTPEvent} for the handler ({@link HttpFunctions}: the function the template routes it to),
 * invoked with a context named after that function, and the handler's response becomes the HTTP answer. One virtual
 * thread per request. Bodies above {@value #MAX_BODY_BYTES} bytes are refused with 413, as a gateway would. With a
 * page origin, CORS is answered as the template configures it ({@link ApiCors}).
 */
public final class LambdaHttpFront implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_DRAINED_BYTES = 16 << 20;
    /** Managed by the HTTP server itself; a value from the function would contradict the body it writes. */
    private static final Set<String> HOP_HEADERS = Set.of("content-length", "transfer-encoding", "connection");
    /** Each invocation carries the name of the template's function for its route, as on AWS. */
    /** The bundled template, read once: the routes and the CORS block come from it. */
    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.bundled();
    private static final FunctionRoutes ROUTES = FunctionRoutes.of(TEMPLATE);

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final PrintStream accessLog;
    private final Optional<ApiCors> cors;

    private LambdaHttpFront(HttpServer server, ExecutorService executor,
                            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, PrintStream accessLog,
                            Optional<ApiCors> cors) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        this.accessLog = accessLog;
        this.cors = cors;
    }

    /**
     * @param port      the port on 127.0.0.1; 0 picks a free one
     * @param accessLog gets one line per request; null for none
     */
    public static LambdaHttpFront start(int port, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                 PrintStream accessLog) {
        return start(BindAddresses.LOOPBACK, port, handler, accessLog, null);
    }

    /**
     * @param address    where to listen instead of 127.0.0.1; the wildcard address listens on every interface
     * @param pageOrigin the template's {@code PageOrigin}: where pages calling this API are hosted; null for none
     */
    public static LambdaHttpFront start(InetAddress address, int port,
                                        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, PrintStream accessLog,
                                        String pageOrigin) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("the API could not listen on " + address.getHostAddress() + ":" + port + ": "
                    + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        LambdaHttpFront front = new LambdaHttpFront(server, executor, handler, accessLog,
                ApiCors.of(TEMPLATE, pageOrigin));
        server.createContext("/", front::handle);
        StaticPages.register(server);
        server.start();
        return front;
    }

    public URI baseUri() {
        return URI.create("http://" + BindAddresses.urlHost(server.getAddress().getAddress()) + ":" + server.getAddress().getPort());
    }

    /** Where the server listens. */
    InetSocketAddress localAddress() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        int status = 500;
        try (exchange) {
            exchange.getResponseHeaders().set("apigw-requestid", requestId);
            if (cors.isPresent() && ApiCors.isPreflight(exchange.getRequestMethod(), exchange.getRequestHeaders())) {
                status = 204;
                cors.get().preflight(exchange.getRequestHeaders()).forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            cors.ifPresent(rules -> rules.answer(exchange.getRequestHeaders()).forEach(exchange.getResponseHeaders()::set));
            byte[] body = readBody(exchange);
            if (body == null) {
                status = 413;
                sendProblem(exchange, status, "Content Too Large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
                return;
            }
            APIGatewayV2HTTPEvent event = ApiGatewayEvents.toEvent(new ApiGatewayEvents.Request(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getProtocol(), exchange.getRequestHeaders(), body,
                    exchange.getRemoteAddress().getAddress().getHostAddress(), requestId, Instant.now()));
            APIGatewayV2HTTPResponse response;
            try {
                String function = ROUTES.functionFor(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        LocalLambdaContext.FUNCTION_NAME);
                response = handler.handleRequest(event, new LocalLambdaContext(requestId, function, LocalLambdaContext.TIMEOUT));
            } catch (RuntimeException | Error e) {
                System.err.println("the API function failed on " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " (request " + requestId + ")");
                e.printStackTrace();
                sendProblem(exchange, status, "Internal Server Error", "the function failed; see the log (request " + requestId + ")");
                return;
            }
            if (response == null) {
                status = 502;
                sendProblem(exchange, status, "Bad Gateway", "the function returned no response");
                return;
            }
            status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
            send(exchange, status, response, cors.isPresent());
        } finally {
            if (accessLog != null) {
                accessLog.printf("%s %s -> %d (%d ms)%n", exchange.getRequestMethod(), exchange.getRequestURI(), status,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /**
     * The body, or null when it is larger than {@value #MAX_BODY_BYTES} bytes. A refused body is still read (up to
     * {@value #MAX_DRAINED_BYTES} bytes) and thrown away: answering while the client is still sending would reset the
     * connection under it, and the client would see no 413 at all.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException ignored) {
                // read it and count
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            if (length > MAX_BODY_BYTES) {
                if (length <= MAX_DRAINED_BYTES) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                return null;
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    /** @param gatewayCors whether CORS is the gateway's: a function's own CORS headers are then dropped, as on AWS */
    private static void send(HttpExchange exchange, int status, APIGatewayV2HTTPResponse response, boolean gatewayCors)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        Predicate<String> passes = name -> !HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                && !(gatewayCors && name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                if (value != null && passes.test(name)) {
                    out.set(name, value);
                }
            });
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null && passes.test(name)) {
                    out.put(name, new ArrayList<>(values));
                }
            });
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> out.add("Set-Cookie", cookie));
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        boolean noBody = bytes.length == 0 || status == 204 || status == 304 || status < 200
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void sendProblem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        byte[] json = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    /** Stops listening, gives requests in flight a second, then interrupts what is still running (a few seconds at most). */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
