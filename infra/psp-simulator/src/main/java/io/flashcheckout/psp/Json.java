package io.flashcheckout.psp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The simulator's wire format: parsing request bodies and writing charges, refunds, the ledger and errors. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static String requiredText(ObjectNode body, String field) {
        String value = optionalText(body, field);
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest(field + " is required");
        }
        return value;
    }

    /** A string field, or null when absent or null; any other JSON type is a bad request. */
    static String optionalText(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest(field + " must be a JSON string");
        }
        if (node.textValue().length() > 200) {
            throw ApiError.badRequest(field + " must be at most 200 characters");
        }
        return node.textValue();
    }

    static ObjectNode charge(ChargeRecord charge) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("chargeId", charge.chargeId())
                .put("idempotencyKey", charge.idempotencyKey())
                .put("status", charge.status().wireName())
                .put("amount", charge.amount().toPlainString())
                .put("currency", charge.currency())
                .put("reference", charge.reference())
                .put("createdAt", charge.createdAt().toString());
        if (charge.declineReason() != null) {
            node.put("declineReason", charge.declineReason());
        }
        return node;
    }

    static ObjectNode refund(RefundRecord refund) {
        return MAPPER.createObjectNode()
                .put("refundId", refund.refundId())
                .put("idempotencyKey", refund.idempotencyKey())
                .put("chargeId", refund.chargeId())
                .put("status", "succeeded")
                .put("amount", refund.amount().toPlainString())
                .put("currency", refund.currency())
                .put("createdAt", refund.createdAt().toString());
    }

    static ObjectNode ledger(LedgerSnapshot snapshot) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode charges = node.putArray("charges");
        snapshot.charges().forEach(c -> charges.add(charge(c)));
        ArrayNode refunds = node.putArray("refunds");
        snapshot.refunds().forEach(r -> refunds.add(refund(r)));
        return node;
    }

    static ObjectNode error(String slug, String message) {
        return MAPPER.createObjectNode().put("error", slug).put("message", message);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
