package io.flashcheckout.checkout;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What the checkout saw when an order was reserved, kept on the order for review (the card fingerprint joins it once
 * paid, on the order itself). The user agent is kept only as a digest: review compares it, nobody reads it.
 *
 * @param sourceIp       the caller's address as API Gateway saw the connection (never a header the caller sets); null
 *                       when the request had none
 * @param userAgentHash  {@code ua_} and 32 hex digits of SHA-256 over the User-Agent header; null without one
 * @param tokenIssuedAt  the verified token's {@code iat}
 * @param channel        the sales channel the reservation was made through; null until sales have channels
 */
public record Signals(String sourceIp, String userAgentHash, Instant tokenIssuedAt, String channel) {
    public static final Signals NONE = new Signals(null, null, null, null);
    /** An IPv4 or IPv6 address as API Gateway writes it (at most 45 characters of hex, digits, dots and colons). */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");
    private static final Pattern UA_HASH = Pattern.compile("ua_[0-9a-f]{32}");

    public Signals {
        if (sourceIp != null && !ADDRESS.matcher(sourceIp).matches()) {
            throw new IllegalArgumentException("not an address: a source IP comes from the request context only");
        }
        if (userAgentHash != null && !UA_HASH.matcher(userAgentHash).matches()) {
            throw new IllegalArgumentException("a user agent is kept as its digest only");
        }
    }

    /** The signals of a request: its source address, its User-Agent header (hashed here) and its token's issue time. */
    public static Signals seen(String sourceIp, String userAgent, Instant tokenIssuedAt) {
        String address = sourceIp != null && ADDRESS.matcher(sourceIp).matches() ? sourceIp : null;
        return new Signals(address, userAgentHash(userAgent), tokenIssuedAt, null);
    }

    /** The same signals with the reservation's channel. */
    public Signals withChannel(String name) {
        return new Signals(sourceIp, userAgentHash, tokenIssuedAt, name);
    }

    public static String userAgentHash(String userAgent) {
        return userAgent == null || userAgent.isEmpty() ? null
                : "ua_" + Digests.sha256Hex("user-agent\n" + userAgent).substring(0, 32);
    }
}
