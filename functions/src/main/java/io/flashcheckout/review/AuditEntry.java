package io.flashcheckout.review;

import io.flashcheckout.checkout.Digests;

import java.time.Instant;
import java.util.List;

/**
 * One admin action, as the admin log keeps it.
 *
 * @param auditId  {@code a-} and 32 hex digits; the same action retried gets the same id and is kept once
 * @param saleId   the sale the action was on
 * @param at       when it was done
 * @param actor    the admin token's subject
 * @param action   what was done: {@code create-sale}, {@code restock}, {@code reopen}, {@code cancel-orders},
 *                 {@code review-cancel}
 * @param reason   why, when the action takes a reason; else null
 * @param targets  the ids acted on (order ids; a cluster id first for a review cancel); at most {@link #MAX_TARGETS}
 * @param detail   a short account of the change (e.g. {@code quantity=500}), or null
 */
public record AuditEntry(String auditId, String saleId, Instant at, String actor, String action, String reason,
                         List<String> targets, String detail) {
    public static final int MAX_TARGETS = 400;

    public AuditEntry {
        targets = List.copyOf(targets);
        if (targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("an audit entry names at most " + MAX_TARGETS + " targets");
        }
    }

    /**
     * An entry whose id is a digest of what identifies the action ({@code identity}: e.g. the Idempotency-Key, or the
     * action's whole input), so a retried action writes the entry it wrote the first time.
     */
    public static AuditEntry of(String saleId, Instant at, String actor, String action, String reason,
                                List<String> targets, String detail, String identity) {
        String id = "a-" + Digests.sha256Hex(String.join("\n", saleId, actor, action, identity)).substring(0, 32);
        return new AuditEntry(id, saleId, at, actor, action, reason, targets, detail);
    }
}
