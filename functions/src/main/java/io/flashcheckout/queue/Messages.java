package io.flashcheckout.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.flashcheckout.checkout.OrderIds;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * JSON of the queue messages. Reading is strict about types and required fields and lenient about fields it does
 * not know, so a producer may add fields within a schema version.
 */
public final class Messages {
    static final Pattern REFUND_ID = Pattern.compile("rf-o-[0-9a-f]{32}-[0-9]{1,6}");
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private Messages() {}

    public static String toJson(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message, e);
        }
    }

    public static HoldExpiryMessage holdExpiry(String body) {
        return checked(read(body, HoldExpiryMessage.class), HoldExpiryMessage::check);
    }

    public static RecoveryMessage recovery(String body) {
        return checked(read(body, RecoveryMessage.class), RecoveryMessage::check);
    }

    public static RefundMessage refund(String body) {
        return checked(read(body, RefundMessage.class), RefundMessage::check);
    }

    private static <T> T checked(T message, Consumer<T> check) {
        check.accept(message);
        return message;
    }

    public static RefundIssuedEvent refundIssued(String body) {
        return read(body, RefundIssuedEvent.class);
    }

    private static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw new MalformedMessageException("the message body is empty or over " + MAX_BODY + " characters");
        }
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static void requireSchema(QueueMessage message, String type, int version) {
        require(type.equals(message.type()) && message.version() == version, "type must be " + type + " version " + version);
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new MalformedMessageException(what);
        }
    }

    static void requireOrderId(String orderId) {
        require(orderId != null && OrderIds.isWellFormed(orderId), "orderId is malformed");
    }
}
