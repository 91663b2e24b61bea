package io.flashcheckout.capacity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The four Application Auto Scaling calls the pre-warm makes, for the {@code lambda} namespace's provisioned
 * concurrency. The SDK's own client module ({@code software.amazon.awssdk:applicationautoscaling}) is not served by
 * the package registry these builds use, so this speaks the service's JSON 1.1 protocol with the SDK's parts: its
 * credential and region chains, its SigV4 signer, its HTTP client and its JSON reader and writer. Errors come back
 * as {@link AutoScalingException}; retrying them is the caller's choice.
 */
public final class ApplicationAutoScalingApi implements AutoCloseable {
    static final String NAMESPACE = "lambda";
    static final String DIMENSION = "lambda:function:ProvisionedConcurrency";
    private static final String SIGNING_NAME = "application-autoscaling";
    private static final String TARGET_PREFIX = "AnyScaleFrontendService.";
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** @param endpoint null for the region's public endpoint */
    public ApplicationAutoScalingApi(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint != null ? endpoint
                : URI.create("https://application-autoscaling." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix());
    }

    /** Whether the alias is a registered scalable target already. */
    public boolean isRegistered(String resourceId) {
        JsonNode answer = call("DescribeScalableTargets", json -> {
            target(json, resourceId, false);
            json.writeFieldName("ResourceIds").writeStartArray().writeValue(resourceId).writeEndArray();
        });
        JsonNode targets = answer.field("ScalableTargets").orElse(null);
        return targets != null && targets.isArray() && !targets.asArray().isEmpty();
    }

    /** Registers the alias as a scalable target, or updates its bounds when it is one. */
    public void register(String resourceId, int minCapacity, int maxCapacity) {
        call("RegisterScalableTarget", json -> {
            target(json, resourceId, true);
            json.writeFieldName("MinCapacity").writeValue(minCapacity);
            json.writeFieldName("MaxCapacity").writeValue(maxCapacity);
        });
    }

    /** Creates or replaces (by name) a one-time action setting the alias's capacity bounds at {@code at} (UTC). */
    public void putOneTimeAction(String name, String resourceId, Instant at, int minCapacity, int maxCapacity) {
        call("PutScheduledAction", json -> {
            target(json, resourceId, true);
            json.writeFieldName("ScheduledActionName").writeValue(name);
            json.writeFieldName("Schedule").writeValue("at(" + AT.format(at) + ")");
            json.writeFieldName("Timezone").writeValue("UTC");
            json.writeFieldName("ScalableTargetAction").writeStartObject()
                    .writeFieldName("MinCapacity").writeValue(minCapacity)
                    .writeFieldName("MaxCapacity").writeValue(maxCapacity)
                    .writeEndObject();
        });
    }

    /** Deletes the action; one that does not exist is not an error. */
    public void deleteAction(String name, String resourceId) {
        try {
            call("DeleteScheduledAction", json -> {
                target(json, resourceId, true);
                json.writeFieldName("ScheduledActionName").writeValue(name);
            });
        } catch (AutoScalingException e) {
            if (!e.type().equals("ObjectNotFoundException")) {
                throw e;
            }
        }
    }

    /** Every scheduled action of the alias, by name: its schedule and capacity bounds (for operators and tests). */
    public Map<String, ScheduledAction> actions(String resourceId) {
        JsonNode answer = call("DescribeScheduledActions", json -> target(json, resourceId, true));
        Map<String, ScheduledAction> actions = new TreeMap<>();
        for (JsonNode action : answer.field("ScheduledActions").map(JsonNode::asArray).orElse(List.of())) {
            JsonNode bounds = action.field("ScalableTargetAction").orElseThrow();
            actions.put(text(action, "ScheduledActionName"), new ScheduledAction(text(action, "Schedule"),
                    number(bounds, "MinCapacity"), number(bounds, "MaxCapacity")));
        }
        return actions;
    }

    @Override
    public void close() {
        http.close();
    }

    /** A scheduled action as the service describes it. */
    public record ScheduledAction(String schedule, int minCapacity, int maxCapacity) {}

    private static void target(JsonWriter json, String resourceId, boolean withResource) {
        json.writeFieldName("ServiceNamespace").writeValue(NAMESPACE);
        json.writeFieldName("ScalableDimension").writeValue(DIMENSION);
        if (withResource) {
            json.writeFieldName("ResourceId").writeValue(resourceId);
        }
    }

    private JsonNode call(String operation, Consumer<JsonWriter> fields) {
        byte[] body;
        try (JsonWriter json = JsonWriter.create()) {
            json.writeStartObject();
            fields.accept(json);
            json.writeEndObject();
            body = json.getBytes();
        }
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        try {
            AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
            SignedRequest signed = signer.sign(r -> r.identity(identity)
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            int status = response.httpResponse().statusCode();
            JsonNode answer = read(response);
            if (status / 100 != 2) {
                String type = answer.field("__type").map(JsonNode::text).orElse("HTTP" + status);
                String message = answer.field("message").or(() -> answer.field("Message")).map(JsonNode::text).orElse("");
                // "aws.protocoltests#ValidationException" -> "ValidationException"
                throw new AutoScalingException(type.substring(type.lastIndexOf('#') + 1), status, operation + ": " + message, null);
            }
            return answer;
        } catch (IOException | UncheckedIOException e) {
            throw new AutoScalingException("IOError", 0, operation + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return JsonNodeParser.create().parse("{}");
        }
        try (InputStream in = response.responseBody().get()) {
            byte[] bytes = in.readAllBytes();
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            return JsonNodeParser.create().parse(text.startsWith("{") ? text : "{}");
        }
    }

    private static String text(JsonNode node, String field) {
        return node.field(field).map(JsonNode::text).orElse(null);
    }

    private static int number(JsonNode node, String field) {
        return node.field(field).map(n -> Integer.parseInt(n.asNumber())).orElse(-1);
    }
}
