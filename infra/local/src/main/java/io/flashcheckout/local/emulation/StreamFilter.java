package io.flashcheckout.local.emulation;

import io.flashcheckout.local.template.CloudFormationTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

import static io.flashcheckout.local.template.CloudFormationTemplate.list;
import static io.flashcheckout.local.template.CloudFormationTemplate.map;

/**
 * The filter criteria of a stream event source mapping, as Lambda applies them before the function: a record goes
 * through when any pattern matches it. The patterns are read from the template, so the local stack filters exactly
 * as the deployed mapping does. Only the part of Lambda's pattern syntax the template uses is understood: a field
 * matches a list of values, each an exact value, {@code {"prefix": ...}}, {@code {"anything-but": [...]}} or
 * {@code {"exists": ...}}; nested objects match nested fields. A pattern using anything else is refused when read.
 */
public final class StreamFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> patterns;

    private StreamFilter(List<JsonNode> patterns) {
        this.patterns = patterns;
    }

    /** No filter criteria: every record goes through. */
    static StreamFilter none() {
        return new StreamFilter(List.of());
    }

    public static StreamFilter of(List<String> patterns) {
        List<JsonNode> parsed = new ArrayList<>();
        for (String pattern : patterns) {
            try {
                JsonNode node = JSON.readTree(pattern);
                check(node, pattern);
                parsed.add(node);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("filter pattern is not JSON: " + pattern, e);
            }
        }
        return new StreamFilter(List.copyOf(parsed));
    }

    /** The filters of the template's function whose stream event reads {@code table}'s stream (a logical id). */
    public static StreamFilter forTable(CloudFormationTemplate template, String table) {
        for (Map<String, Object> function : template.resources("AWS::Serverless::Function").values()) {
            Object events = function.get("Events");
            if (events == null) {
                continue;
            }
            for (Object event : map(events).values()) {
                Map<String, Object> properties = map(map(event).getOrDefault("Properties", Map.of()));
                if ("DynamoDB".equals(map(event).get("Type")) && readsStreamOf(properties.get("Stream"), table)) {
                    Object criteria = properties.get("FilterCriteria");
                    if (criteria == null) {
                        return none();
                    }
                    return of(list(map(criteria).get("Filters")).stream().map(f -> (String) map(f).get("Pattern")).toList());
                }
            }
        }
        throw new IllegalArgumentException("no function in the template reads the stream of " + table);
    }

    private static boolean readsStreamOf(Object stream, String table) {
        return stream instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> att
                && att.size() == 2 && table.equals(att.get(0)) && "StreamArn".equals(att.get(1));
    }

    public List<String> patterns() {
        return patterns.stream().map(JsonNode::toString).toList();
    }

    public boolean matches(Record record) {
        if (patterns.isEmpty()) {
            return true;
        }
        JsonNode event = asEvent(record);
        return patterns.stream().anyMatch(p -> matches(p, event));
    }

    private static boolean matches(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = event == null ? null : event.get(field.getKey());
            if (field.getValue().isObject()) {
                if (value == null || !value.isObject() || !matches(field.getValue(), value)) {
                    return false;
                }
            } else if (!anyValueMatches((ArrayNode) field.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyValueMatches(ArrayNode allowed, JsonNode value) {
        for (JsonNode rule : allowed) {
            if (rule.isObject() && rule.has("exists")) {
                if (rule.get("exists").asBoolean() == (value != null)) {
                    return true;
                }
            } else if (value == null || value.isContainerNode()) {
                continue;
            } else if (rule.isObject() && rule.has("prefix")) {
                if (value.isTextual() && value.asText().startsWith(rule.get("prefix").asText())) {
                    return true;
                }
            } else if (rule.isObject() && rule.has("anything-but")) {
                JsonNode excluded = rule.get("anything-but");
                boolean listed = false;
                for (JsonNode e : excluded.isArray() ? excluded : JSON.createArrayNode().add(excluded)) {
                    listed |= e.equals(value);
                }
                if (!listed) {
                    return true;
                }
            } else if (rule.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void check(JsonNode pattern, String source) {
        if (!pattern.isObject()) {
            throw new IllegalArgumentException("a filter pattern is an object: " + source);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (value.isObject()) {
                check(value, source);
            } else if (!value.isArray()) {
                throw new IllegalArgumentException("a pattern's field matches a list of values: " + source);
            } else {
                for (JsonNode rule : value) {
                    if (rule.isObject() && !(rule.size() == 1 && (rule.has("prefix") || rule.has("anything-but") || rule.has("exists")))) {
                        throw new IllegalArgumentException("filter rule not understood locally: " + rule + " in " + source);
                    }
                }
            }
        }
    }

    /** The record as Lambda's filter sees it: the event's fields, images in DynamoDB's JSON ({@code {"S": "..."}}). */
    static JsonNode asEvent(Record record) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventName", record.eventNameAsString());
        event.put("eventSource", "aws:dynamodb");
        ObjectNode dynamodb = event.putObject("dynamodb");
        var sdk = record.dynamodb();
        if (sdk.hasKeys()) {
            dynamodb.set("Keys", image(sdk.keys()));
        }
        if (sdk.hasNewImage()) {
            dynamodb.set("NewImage", image(sdk.newImage()));
        }
        if (sdk.hasOldImage()) {
            dynamodb.set("OldImage", image(sdk.oldImage()));
        }
        return event;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, attribute(value)));
        return node;
    }

    private static JsonNode attribute(AttributeValue v) {
        ObjectNode node = JSON.createObjectNode();
        JsonNodeFactory f = JSON.getNodeFactory();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", v.nul());
            case B -> node.put("B", v.b().asByteArray());
            case SS -> node.set("SS", f.arrayNode().addAll(v.ss().stream().map(f::textNode).toList()));
            case NS -> node.set("NS", f.arrayNode().addAll(v.ns().stream().map(f::textNode).toList()));
            case L -> node.set("L", f.arrayNode().addAll(v.l().stream().map(StreamFilter::attribute).toList()));
            case M -> node.set("M", image(v.m()));
            default -> node.putNull("unknown");
        }
        return node;
    }
}
