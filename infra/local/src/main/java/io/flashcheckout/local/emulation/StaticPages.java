package io.flashcheckout.local.emulation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator console ({@code /console/}) and the storefront demo ({@code /shop/}), plain static files from the
 * classpath ({@code web/}) with the three files they share ({@code /config.js}, the API's URL; {@code /api.js};
 * {@code /pages.css}), and the webjars they load ({@code /webjars/...}, e.g. Chart.js from Maven Central), served
 * by the local stack's HTTP front before any API routing, as a CDN or a bucket would serve them in front of the API.
 * They call the API like any other client: nothing here reaches the stack's insides. GET and HEAD only; a path is a
 * few plain segments (letters, digits, {@code . _ -}) or it is 404, so nothing outside those folders can be named.
 */
public final class StaticPages implements HttpHandler {
    public static final String CONSOLE = "/console/";
    public static final String SHOP = "/shop/";
    static final String WEBJARS = "/webjars/";
    private static final Pattern SAFE_PATH = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}/){0,8}(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,99})?");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "map", "application/json");

    private final String urlPrefix;
    private final String resourcePrefix;

    private StaticPages(String urlPrefix, String resourcePrefix) {
        this.urlPrefix = urlPrefix;
        this.resourcePrefix = resourcePrefix;
    }

    /** Registers the pages' and the webjars' prefixes on the server (longer than "/", so they win over the API). */
    static void register(HttpServer server) {
        server.createContext(CONSOLE, new StaticPages(CONSOLE, "web/console/"));
        server.createContext(SHOP, new StaticPages(SHOP, "web/shop/"));
        for (String shared : new String[] {"/config.js", "/api.js", "/pages.css"}) {
            server.createContext(shared, new StaticPages("/", "web/"));
        }
        server.createContext(WEBJARS, new StaticPages(WEBJARS, "META-INF/resources/webjars/"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String rest = path.startsWith(urlPrefix) ? path.substring(urlPrefix.length()) : null;
            if (rest == null || !SAFE_PATH.matcher(rest).matches() || rest.contains("..")) {
                notFound(exchange);
                return;
            }
            if (rest.isEmpty() || rest.endsWith("/")) {
                rest += "index.html";
            }
            String type = TYPES.get(rest.substring(rest.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
            byte[] body = type == null ? null : read(resourcePrefix + rest);
            if (body == null) {
                notFound(exchange);
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            send(exchange, 200, type, body);
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }
}
