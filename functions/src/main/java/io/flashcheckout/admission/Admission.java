package io.flashcheckout.admission;

import io.flashcheckout.checkout.CheckoutException;

import java.time.Duration;
import java.time.Instant;

/**
 * A sale's waiting room, as the admin configures it ({@code admission} in the sale's body). Only {@code queue} mode
 * exists: shoppers join, wait for their rank to come up, and reserve with the admission token they are given.
 *
 * @param ratePerSecond     shoppers admitted a second (the advancer's pace when the checkout is not busy)
 * @param preQueueSeconds   how long before {@code opensAt} the room takes joins; those arrivals are put in a random order
 * @param admissionSeconds  how long an admission token lets its shopper reserve
 */
public record Admission(String mode, int ratePerSecond, int preQueueSeconds, int admissionSeconds) {
    public static final String QUEUE = "queue";
    public static final int MAX_RATE = 10_000;
    public static final int DEFAULT_PRE_QUEUE_SECONDS = 900;
    /** A day: the pre-queue's ranks are spread over it, and its join counters are read once. */
    public static final int MAX_PRE_QUEUE_SECONDS = 86_400;
    public static final int DEFAULT_ADMISSION_SECONDS = 120;
    public static final int MIN_ADMISSION_SECONDS = 30;
    public static final int MAX_ADMISSION_SECONDS = 900;

    /** Checks every field and fills the defaults; throws {@link CheckoutException.InvalidInput} naming the field. */
    public static Admission of(String mode, Integer ratePerSecond, Integer preQueueSeconds, Integer admissionSeconds) {
        require(QUEUE.equals(mode), "admission.mode must be \"queue\"");
        require(ratePerSecond != null && ratePerSecond >= 1 && ratePerSecond <= MAX_RATE,
                "admission.ratePerSecond must be between 1 and " + MAX_RATE);
        int preQueue = preQueueSeconds == null ? DEFAULT_PRE_QUEUE_SECONDS : preQueueSeconds;
        require(preQueue >= 0 && preQueue <= MAX_PRE_QUEUE_SECONDS,
                "admission.preQueueSeconds must be between 0 and " + MAX_PRE_QUEUE_SECONDS);
        int window = admissionSeconds == null ? DEFAULT_ADMISSION_SECONDS : admissionSeconds;
        require(window >= MIN_ADMISSION_SECONDS && window <= MAX_ADMISSION_SECONDS,
                "admission.admissionSeconds must be between " + MIN_ADMISSION_SECONDS + " and " + MAX_ADMISSION_SECONDS);
        return new Admission(mode, ratePerSecond, preQueue, window);
    }

    /** When the room starts taking joins. */
    public Instant joinsFrom(Instant opensAt) {
        return opensAt.minusSeconds(preQueueSeconds);
    }

    public Duration admissionWindow() {
        return Duration.ofSeconds(admissionSeconds);
    }

    /** The part of a sale's definition hash this adds (so a changed room is a changed definition). */
    public String definitionText() {
        return mode + "/" + ratePerSecond + "/" + preQueueSeconds + "/" + admissionSeconds;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new CheckoutException.InvalidInput(message);
        }
    }
}
