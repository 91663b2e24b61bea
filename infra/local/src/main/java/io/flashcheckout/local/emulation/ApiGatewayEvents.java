package io.flashcheckout.local.emulation;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an HTTP request into the event an API Gateway HTTP API (payload format 2.0) hands a Lambda function: header
 * names lower-cased and repeated headers joined with commas; cookies in {@code cookies} and not in the headers;
 * repeated query parameters joined with commas; a text body as it is, any other body base64-encoded.
 */
public final class ApiGatewayEvents {
    public static final String STAGE = "$default";
    public static final String ROUTE_KEY = "$default";
    public static final String ACCOUNT_ID = "000000000000";
    static final String API_ID = "local";

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ApiGatewayEvents() {}

    /**
     * One request as it came in.
     *
     * @param method    the HTTP method, e.g. {@code POST}
     * @param rawPath   the path, still percent-encoded
     * @param rawQuery  the query string without {@code ?}, still percent-encoded; null or empty when there is none
     * @param protocol  e.g. {@code HTTP/1.1}
     * @param headers   the headers by name (any case), each occurrence one list entry
     * @param body      the body bytes, empty when there is none
     * @param sourceIp  the client's address
     * @param requestId the id API Gateway would give the request
     * @param time      when the request arrived
     */
    public record Request(String method, String rawPath, String rawQuery, String protocol,
                          Map<String, List<String>> headers, byte[] body, String sourceIp, String requestId,
                          Instant time) {}

    public static APIGatewayV2HTTPEvent toEvent(Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(value -> cookies.addAll(splitCookies(value)));
            } else if (!values.isEmpty()) {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();
        String host = hostName(headers.get("host"));
        boolean text = isText(headers.get("content-type"));
        String body = null;
        if (request.body().length > 0) {
            body = text ? new String(request.body(), charsetOf(headers.get("content-type")))
                    : Base64.getEncoder().encodeToString(request.body());
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(request.method())
                .withPath(request.rawPath())
                .withProtocol(request.protocol())
                .withSourceIp(request.sourceIp())
                .withUserAgent(headers.get("user-agent"))
                .build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId(ACCOUNT_ID)
                .withApiId(API_ID)
                .withDomainName(host)
                .withDomainPrefix(host.contains(".") ? host.substring(0, host.indexOf('.')) : host)
                .withHttp(http)
                .withRequestId(request.requestId())
                .withRouteKey(ROUTE_KEY)
                .withStage(STAGE)
                .withTime(REQUEST_TIME.format(request.time()))
                .withTimeEpoch(request.time().toEpochMilli())
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(ROUTE_KEY)
                .withRawPath(request.rawPath())
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(rawQuery))
                .withBody(body)
                .withIsBase64Encoded(body != null && !text)
                .withRequestContext(context)
                .build();
    }

    /**
     * Whether API Gateway would pass a body of this content type as text: {@code text/*}, JSON, XML, form data and
     * JavaScript, or no content type at all. Everything else is binary and travels base64-encoded.
     */
    static boolean isText(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/javascript") || type.equals("application/graphql");
    }

    private static Charset charsetOf(String contentType) {
        if (contentType != null) {
            for (String parameter : contentType.split(";")) {
                String[] pair = parameter.trim().split("=", 2);
                if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                    try {
                        return Charset.forName(pair[1].trim().replace("\"", ""));
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static List<String> splitCookies(String header) {
        List<String> cookies = new ArrayList<>();
        for (String cookie : header.split(";")) {
            if (!cookie.isBlank()) {
                cookies.add(cookie.trim());
            }
        }
        return cookies;
    }

    /** Decoded parameters, repeated ones joined with commas; null when there are none (as API Gateway sends it). */
    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return encoded;
        }
    }

    private static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return "localhost";
        }
        String host = hostHeader.trim();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
