package io.flashcheckout.admission;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Sale;

import java.time.Duration;
import java.time.Instant;

/**
 * Ranks in a sale's waiting room. A rank is in milliseconds of a virtual arrival time: the pre-queue window
 * ({@code preQueueSeconds} before opening) maps to ranks {@code [0, span)}, and an arrival there gets a rank from a
 * keyed hash of sale and customer, uniform over the span (random, yet the same at every join: no state); an arrival
 * after opening gets {@code span + ms since opening} (first come, first served). Join counters are per rank second
 * ({@link #bucket}).
 */
public final class QueueLine {
    public static final int BUCKET_MS = 1000;

    private QueueLine() {}

    /** The rank of a join at {@code now}; the room takes joins from the pre-queue window until the sale closes. */
    public static long rankAt(Sale sale, Instant now, long keyedHash) {
        Admission room = sale.admission();
        Instant joinsFrom = room.joinsFrom(sale.opensAt());
        if (now.isBefore(joinsFrom)) {
            throw new CheckoutException.SaleNotOpen("the waiting room of sale " + sale.saleId() + " opens at " + joinsFrom);
        }
        if (!now.isBefore(sale.closesAt())) {
            throw new CheckoutException.SaleNotOpen("sale " + sale.saleId() + " closed at " + sale.closesAt());
        }
        long span = span(room);
        if (now.isBefore(sale.opensAt())) {
            return Math.floorMod(keyedHash, span);
        }
        return frontier(sale, now);
    }

    /** The rank a join at {@code now} (after opening) gets: the watermark never passes it. */
    public static long frontier(Sale sale, Instant now) {
        long sinceOpening = now.isBefore(sale.opensAt()) ? 0 : Duration.between(sale.opensAt(), now).toMillis();
        return span(sale.admission()) + sinceOpening;
    }

    public static long span(Admission room) {
        return Math.max(1, room.preQueueSeconds() * 1000L);
    }

    public static long bucket(long rank) {
        return rank / BUCKET_MS;
    }

    /** Whether no more joins can land in {@code bucket}: its arrivals are over (a second of skew allowed). */
    public static boolean closed(Sale sale, long bucket, Instant now) {
        long end = (bucket + 1) * BUCKET_MS;
        if (end <= span(sale.admission())) {
            return !now.isBefore(sale.opensAt().plusSeconds(1));
        }
        return frontier(sale, now) > end + BUCKET_MS;
    }
}
