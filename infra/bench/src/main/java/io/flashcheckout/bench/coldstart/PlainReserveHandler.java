package io.flashcheckout.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The framework-free baseline of the cold-start benchmark: {@code POST /sales/{saleId}/reservations} as a plain
 * {@link RequestHandler}, with nothing but the AWS SDK v2 (DynamoDB, URL-connection HTTP client),
 * aws-lambda-java-core/events and Nimbus JOSE for the token.
 *
 * <p>It makes the same calls the service makes for a first reserve: the HS256 bearer token checked (signature,
 * {@code exp}, {@code nbf}; the customer is {@code sub}), the sale item read (GetItem, consistent), one
 * TransactWriteItems per shard tried from a random one on, with exactly the items and conditions of
 * {@code DynamoOrderStore.reserve} (shard decrement if {@code available >= :q}, the customer's count within the
 * limit, the order put if absent; ALL_OLD on a failed condition). Like the service, it sends nothing: the hold's
 * expiry is scheduled from the orders table's stream by the order relay, another function. Left out:
 * the sold-out mark write and the caches, the "earlier request" look-ups of a closed or over-limit sale, and
 * structured logging and metrics; the JSON body is read and written by hand.
 */
public final class PlainReserveHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Pattern ROUTE = Pattern.compile("/sales/([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)/reservations");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{8,255}");
    private static final Pattern QUANTITY = Pattern.compile("\"quantity\"\\s*:\\s*(-?\\d{1,9})\\s*[,}]");
    private static final int MAX_QUANTITY = 100;
    private static final int DUE_SHARDS = 32; // CheckoutTables.DUE_SHARDS: this handler ships without the checkout's jar
    private static final int CONFLICT_RETRIES = 8;
    private static final List<String> RETRYABLE = List.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded");

    private final DynamoDbClient dynamo;
    private final MACVerifier verifier;
    private final String salesTable;
    private final String ordersTable;

    /** Configured as the function is on Lambda: from the environment (the template's variable names). */
    public PlainReserveHandler() {
        this(System.getenv());
    }

    /**
     * @param config {@code FLASH_CHECKOUT_TABLES_PREFIX}, {@code FLASH_CHECKOUT_JWT_SECRET}, and optionally
     *               {@code FLASH_CHECKOUT_DYNAMODB_ENDPOINT}; region and credentials come from the SDK's default chains
     */
    public PlainReserveHandler(Map<String, String> config) {
        String prefix = config.getOrDefault("FLASH_CHECKOUT_TABLES_PREFIX", "flash-checkout-");
        this.salesTable = prefix + "sales";
        this.ordersTable = prefix + "orders";
        try {
            this.verifier = new MACVerifier(required(config, "FLASH_CHECKOUT_JWT_SECRET").getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("unusable JWT secret: " + e.getMessage(), e);
        }
        DynamoDbClientBuilder dynamoBuilder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        String dynamoEndpoint = config.get("FLASH_CHECKOUT_DYNAMODB_ENDPOINT");
        if (dynamoEndpoint != null && !dynamoEndpoint.isBlank()) {
            dynamoBuilder.endpointOverride(URI.create(dynamoEndpoint));
        }
        this.dynamo = dynamoBuilder.build();
    }

    private static String required(Map<String, String> config, String name) {
        String value = config.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? null
                : event.getRequestContext().getHttp().getMethod();
        Matcher route = ROUTE.matcher(event.getRawPath() == null ? "" : event.getRawPath());
        if (!route.matches()) {
            return problem(404, "not-found", "no such route");
        }
        if (!"POST".equals(method)) {
            return problem(405, "invalid-request", "use POST");
        }
        String saleId = route.group(1);
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : lowerCased(event.getHeaders());
        String customer = customerOf(headers.get("authorization"));
        if (customer == null) {
            return problem(401, "unauthorized", "a valid bearer token is required");
        }
        String key = headers.get("idempotency-key");
        if (key == null || !KEY.matcher(key).matches()) {
            return problem(400, "invalid-request", "Idempotency-Key must be 8-255 visible ASCII characters");
        }
        Matcher q = QUANTITY.matcher(event.getBody() == null ? "" : event.getBody());
        int quantity = q.find() ? Integer.parseInt(q.group(1)) : 0;
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            return problem(400, "invalid-request", "quantity must be between 1 and " + MAX_QUANTITY);
        }

        Map<String, AttributeValue> sale = dynamo.getItem(b -> b.tableName(salesTable)
                .key(Map.of("pk", AttributeValue.fromS("SALE#" + saleId))).consistentRead(true)).item();
        if (sale == null || sale.isEmpty()) {
            return problem(404, "not-found", "no sale " + saleId);
        }
        Instant now = Instant.now();
        if (now.isBefore(instant(sale, "opensAt"))) {
            return problem(409, "sale-not-open", "sale " + saleId + " opens at " + instant(sale, "opensAt"));
        }
        if (!now.isBefore(instant(sale, "closesAt"))) {
            return problem(409, "sale-not-open", "sale " + saleId + " closed at " + instant(sale, "closesAt"));
        }
        long limit = number(sale, "perCustomerLimit");
        if (quantity > limit) {
            return problem(409, "limit-reached", "sale " + saleId + " allows " + limit + " unit(s) per customer");
        }
        if (sale.containsKey("soldOutAt") && number(sale, "soldOutStockLoaded") == number(sale, "stockLoaded")) {
            return problem(409, "sold-out", "sale " + saleId + " is sold out");
        }

        String orderId = "o-" + sha256Hex(customer + "\u0000" + key).substring(0, 32);
        String requestHash = sha256Hex(saleId + "\n" + quantity).substring(0, 32);
        String amount = new BigDecimal(sale.get("price").s()).multiply(BigDecimal.valueOf(quantity)).toPlainString();
        String currency = sale.get("currency").s();
        Instant holdExpiresAt = now.plusSeconds(number(sale, "holdSeconds"));
        int shards = (int) Math.max(1, number(sale, "shards"));
        int start = ThreadLocalRandom.current().nextInt(shards);
        for (int i = 0; i < shards; i++) {
            int shard = (start + i) % shards;
            Map<String, AttributeValue> order = orderItem(orderId, saleId, customer, quantity, amount, currency, shard,
                    holdExpiresAt, now, requestHash);
            List<CancellationReason> reasons = reserve(saleId, shard, customer, quantity, limit, order);
            if (reasons == null) {
                return json(201, orderJson(order));
            }
            if (failed(reasons, 2)) {
                Map<String, AttributeValue> existing = reasons.get(2).item();
                if (!requestHash.equals(existing.get("requestHash").s())) {
                    return problem(422, "idempotency-conflict", "this Idempotency-Key was used for another request");
                }
                return json(200, orderJson(existing));
            }
            if (failed(reasons, 1)) {
                return problem(409, "limit-reached", "sale " + saleId + " allows " + limit + " unit(s) per customer");
            }
            // this shard is short: the next one
        }
        return problem(409, "sold-out", "fewer than " + quantity + " units are left in sale " + saleId);
    }

    /** Null when committed, else one reason per item; retries cancellations that are only conflicts or throttling. */
    private List<CancellationReason> reserve(String saleId, int shard, String customer, int quantity, long limit,
                                             Map<String, AttributeValue> order) {
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(salesTable)
                        .key(Map.of("pk", AttributeValue.fromS("STOCK#" + saleId + "#" + shard)))
                        .updateExpression("SET available = available - :q")
                        .conditionExpression("available >= :q")
                        .expressionAttributeValues(Map.of(":q", n(quantity)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(ordersTable)
                        .key(Map.of("pk", AttributeValue.fromS("LIMIT#" + saleId + "#" + customer)))
                        .updateExpression("ADD units :q")
                        .conditionExpression("attribute_not_exists(units) OR units <= :most")
                        .expressionAttributeValues(Map.of(":q", n(quantity), ":most", n(limit - quantity)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder()
                        .tableName(ordersTable)
                        .item(order)
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build());
        for (int attempt = 0; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return null;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                    return reasons;
                }
                if (attempt >= CONFLICT_RETRIES || reasons.stream().noneMatch(r -> RETRYABLE.contains(r.code()))) {
                    throw e;
                }
                sleep(Math.min(400, 10L << attempt) * (50 + ThreadLocalRandom.current().nextInt(51)) / 100);
            }
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** The item {@code OrderItems.orderItem} writes for a new RESERVED order. */
    private static Map<String, AttributeValue> orderItem(String orderId, String saleId, String customer, int quantity,
                                                         String amount, String currency, int shard,
                                                         Instant holdExpiresAt, Instant now, String requestHash) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("ORDER#" + orderId));
        item.put("orderId", AttributeValue.fromS(orderId));
        item.put("saleId", AttributeValue.fromS(saleId));
        item.put("customerId", AttributeValue.fromS(customer));
        item.put("quantity", n(quantity));
        item.put("amount", AttributeValue.fromS(amount));
        item.put("currency", AttributeValue.fromS(currency));
        item.put("status", AttributeValue.fromS("RESERVED"));
        item.put("shard", n(shard));
        item.put("holdExpiresAt", n(holdExpiresAt.toEpochMilli()));
        item.put("version", n(1));
        item.put("createdAt", n(now.toEpochMilli()));
        item.put("updatedAt", n(now.toEpochMilli()));
        item.put("requestHash", AttributeValue.fromS(requestHash));
        item.put("paymentAttempt", n(0));
        item.put("dueShard", AttributeValue.fromS("RESERVED#" + Math.floorMod(orderId.hashCode(), DUE_SHARDS)));
        item.put("dueAt", n(holdExpiresAt.toEpochMilli()));
        return item;
    }

    /** The customer ({@code sub}) of a valid HS256 bearer token, or null. */
    private String customerOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7).trim());
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date now = new Date();
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().after(now)
                    || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now))) {
                return null;
            }
            String subject = claims.getSubject();
            return subject == null || subject.isBlank() ? null : subject;
        } catch (Exception invalid) {
            return null;
        }
    }

    private static String orderJson(Map<String, AttributeValue> o) {
        return "{\"orderId\":\"" + o.get("orderId").s() + "\",\"saleId\":\"" + o.get("saleId").s()
                + "\",\"customerId\":\"" + escape(o.get("customerId").s()) + "\",\"quantity\":" + o.get("quantity").n()
                + ",\"amount\":{\"amount\":\"" + o.get("amount").s() + "\",\"currency\":\"" + o.get("currency").s()
                + "\"},\"status\":\"" + o.get("status").s() + "\",\"holdExpiresAt\":\"" + instant(o, "holdExpiresAt")
                + "\",\"createdAt\":\"" + instant(o, "createdAt") + "\",\"updatedAt\":\"" + instant(o, "updatedAt") + "\"}";
    }

    private static APIGatewayV2HTTPResponse problem(int status, String slug, String detail) {
        String body = "{\"type\":\"urn:flash-checkout:problem:" + slug + "\",\"title\":\"" + slug + "\",\"status\":"
                + status + ",\"detail\":\"" + escape(detail) + "\"}";
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/problem+json")).withBody(body).build();
    }

    private static APIGatewayV2HTTPResponse json(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json")).withBody(body).build();
    }

    private static Map<String, String> lowerCased(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(number(item, name));
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
