package io.flashcheckout.local.storemove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One DynamoDB item as one line of DynamoDB JSON, {@code {"Item":{"pk":{"S":"..."},...}}}: the line format of
 * DynamoDB's export to S3 ({@code DYNAMODB_JSON}), so a store exported by {@code store export} and one exported by
 * AWS read the same. Every type DynamoDB has is kept as it is (numbers as their decimal text, binaries base64).
 */
public final class ItemJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ItemJson() {}

    public static String line(Map<String, AttributeValue> item) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode attributes = root.putObject("Item");
        item.forEach((name, value) -> attributes.set(name, node(value)));
        return root.toString();
    }

    public static Map<String, AttributeValue> item(String line) throws IOException {
        JsonNode item = JSON.readTree(line).get("Item");
        if (item == null || !item.isObject()) {
            throw new IOException("not a line of DynamoDB JSON ({\"Item\":{...}})");
        }
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : item.properties()) {
            attributes.put(field.getKey(), value(field.getValue()));
        }
        return attributes;
    }

    private static JsonNode node(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(Base64.getEncoder().encodeToString(b.asByteArray())));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(node(v)));
            }
            case M -> {
                ObjectNode map = node.putObject("M");
                value.m().forEach((k, v) -> map.set(k, node(v)));
            }
            default -> throw new IllegalArgumentException("an attribute of unknown type " + value.type());
        }
        return node;
    }

    private static AttributeValue value(JsonNode node) throws IOException {
        if (!node.isObject() || node.size() != 1) {
            throw new IOException("an attribute is an object with one type key, e.g. {\"S\":\"...\"}");
        }
        Map.Entry<String, JsonNode> typed = node.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" -> AttributeValue.fromBs(texts(v).stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : v) {
                    list.add(value(element));
                }
                yield AttributeValue.fromL(list);
            }
            case "M" -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : v.properties()) {
                    map.put(field.getKey(), value(field.getValue()));
                }
                yield AttributeValue.fromM(map);
            }
            default -> throw new IOException("unknown attribute type " + typed.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
