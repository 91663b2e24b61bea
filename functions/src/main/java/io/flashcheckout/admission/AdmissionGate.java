package io.flashcheckout.admission;

import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reserve step's side of the waiting room: a sale with a room takes reserves only with a valid admission token,
 * and every {@code busy} answer in such a sale is counted for the advancer, which slows the room down.
 */
public final class AdmissionGate {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionGate.class);

    private final RoomSigner signer;
    private final WaitingRoomStore store;

    public AdmissionGate(RoomSigner signer, WaitingRoomStore store) {
        this.signer = signer;
        this.store = store;
    }

    /** No room anywhere (tests and tools that build the checkout without one): every sale without a room passes. */
    public static AdmissionGate none() {
        return new AdmissionGate(null, null);
    }

    /** Throws {@code admission-required} unless the sale has no room or {@code token} admits this shopper to it now. */
    public void check(Sale sale, Requester shopper, String token, Instant now) {
        if (!sale.queued()) {
            return;
        }
        if (signer == null) {
            throw new IllegalStateException("sale " + sale.saleId() + " has a waiting room but this checkout has no room key");
        }
        signer.checkAdmission(token, sale.saleId(), shopper.customerId(), now);
    }

    /** Counts a busy answer (best effort: losing a count only keeps the pace a little longer). */
    public void busy(Sale sale, Instant now) {
        if (!sale.queued() || store == null) {
            return;
        }
        try {
            store.countBusy(sale.saleId(), now.getEpochSecond(), ThreadLocalRandom.current().nextInt(WaitingRoomStore.BUSY_SHARDS));
        } catch (RuntimeException e) {
            LOG.warn("could not count a busy answer for sale {}: {}", sale.saleId(), e.toString());
        }
    }
}
