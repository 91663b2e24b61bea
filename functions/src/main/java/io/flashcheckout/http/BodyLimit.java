package io.flashcheckout.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Refuses bodies over 64 KiB before anything parses them. Content-Length is only what the client says (absent when
 * chunked), so the cap is checked against the body itself, which in an API Gateway event is already in memory (the
 * event's string, base64-decoded when API Gateway encoded it).
 */
final class BodyLimit {
    static final long MAX_BODY_BYTES = 64 * 1024;
    /** Base64 writes 3 bytes as 4 characters: a longer text cannot decode to an allowed body. */
    private static final long MAX_BASE64_CHARS = (MAX_BODY_BYTES + 2) / 3 * 4;

    private BodyLimit() {}

    /** The body's bytes, empty when there is none. */
    static byte[] body(APIGatewayV2HTTPEvent event, Map<String, String> headers) {
        String declared = headers.get("content-length");
        if (declared != null && declared.length() < 20 && declared.chars().allMatch(Character::isDigit)
                && !declared.isEmpty() && Long.parseLong(declared) > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        String text = event.getBody();
        if (text == null || text.isEmpty()) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            if (text.length() > MAX_BASE64_CHARS) {
                throw tooLarge();
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                throw new Refusal(400, "invalid-request", "the body is not valid base64");
            }
            return checked(bytes);
        }
        // a UTF-8 character is at most 3 bytes per UTF-16 unit: only a long text needs encoding to be measured
        if (text.length() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return checked(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] checked(byte[] bytes) {
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static Refusal tooLarge() {
        return new Refusal(413, "invalid-request", "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
}
