package io.flashcheckout.admission;

import com.nimbusds.jose.JOSEException;
import io.flashcheckout.checkout.CheckoutException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the waiting room's tickets and admission tokens (compact JWS, HS256, through nimbus-jose-jwt: the
 * library the access tokens are verified with), and derives the keyed hash that ranks pre-queue arrivals. Each kind
 * names its use in the claim {@code use}, so a ticket is never taken for an admission token; the issuer is the room,
 * so neither is ever taken for an access token (those have another issuer and another key).
 */
public final class RoomSigner {
    public static final String ISSUER = "flash-checkout/waiting-room";
    /** Longer than any token this signs; a longer header is refused unread. */
    public static final int MAX_TOKEN_CHARS = 1024;
    static final String TICKET = "queue-ticket";
    static final String ADMISSION = "admission";

    private final Supplier<String> key;

    /** {@code key}: the signing secret, at least 32 characters; read at each use, so a rotated secret is picked up. */
    public RoomSigner(Supplier<String> key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    public String ticket(QueueTicket ticket, Instant expires) {
        return sign(new JWTClaimsSet.Builder().issuer(ISSUER).subject(ticket.customerId()).claim("use", TICKET)
                .claim("sale", ticket.saleId()).claim("rank", ticket.rank()).expirationTime(Date.from(expires)).build());
    }

    public String admission(String saleId, String customerId, Instant expires) {
        return sign(new JWTClaimsSet.Builder().issuer(ISSUER).subject(customerId).claim("use", ADMISSION)
                .claim("sale", saleId).expirationTime(Date.from(expires)).build());
    }

    /** The ticket, if {@code token} is one this room signed for this sale and customer and it has not expired. */
    public QueueTicket readTicket(String token, String saleId, String customerId, Instant now) {
        JWTClaimsSet claims = verified(token, TICKET, saleId, customerId, now);
        try {
            Long rank = claims.getLongClaim("rank");
            if (rank == null || rank < 0) {
                throw new CheckoutException.InvalidTicket("the ticket has no rank");
            }
            return new QueueTicket(saleId, customerId, rank);
        } catch (ParseException e) {
            throw new CheckoutException.InvalidTicket("the ticket's rank is not a number");
        }
    }

    /** Checks an admission token: this room's, for this sale and customer, not expired. */
    public void checkAdmission(String token, String saleId, String customerId, Instant now) {
        verified(token, ADMISSION, saleId, customerId, now);
    }

    /** A keyed hash of sale and customer: the pre-queue's random order, the same at every join, unguessable without the key. */
    public long rankHash(String saleId, String customerId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            byte[] digest = mac.doFinal(("rank\n" + saleId + "\n" + customerId).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xFF);
            }
            return value & Long.MAX_VALUE;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("the waiting room's key cannot sign: " + e.getMessage(), e);
        }
    }

    private JWTClaimsSet verified(String token, String use, String saleId, String customerId, Instant now) {
        String what = TICKET.equals(use) ? "ticket" : "admission token";
        if (token == null || token.isBlank()) {
            throw bad(use, saleId, "no " + what + " was sent");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw bad(use, saleId, "the " + what + " is longer than any this room signs");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || jwt.getState() != JWSObject.State.SIGNED
                    || !jwt.verify(new MACVerifier(secret()))) {
                throw bad(use, saleId, "the " + what + " is not signed by this waiting room");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(claims.getIssuer()) || !use.equals(claims.getStringClaim("use"))) {
                throw bad(use, saleId, "this is not a " + what);
            }
            if (!saleId.equals(claims.getStringClaim("sale"))) {
                throw bad(use, saleId, "the " + what + " is for another sale");
            }
            if (!customerId.equals(claims.getSubject())) {
                throw bad(use, saleId, "the " + what + " is another customer's");
            }
            if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
                throw bad(use, saleId, "the " + what + " has expired");
            }
            return claims;
        } catch (ParseException | JOSEException e) {
            throw bad(use, saleId, "the " + what + " is not a token this waiting room signed");
        }
    }

    private static CheckoutException bad(String use, String saleId, String message) {
        return TICKET.equals(use) ? new CheckoutException.InvalidTicket(message) : new CheckoutException.AdmissionRequired(saleId, message);
    }

    private byte[] secret() {
        String secret = key.get();
        if (secret == null || secret.length() < 32) {
            throw new IllegalStateException("the waiting room's signing key must be at least 32 characters");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
