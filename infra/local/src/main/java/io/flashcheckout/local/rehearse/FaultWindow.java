package io.flashcheckout.local.rehearse;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A backend down for a window of the sale, timed from the opening: {@code begin} runs at the start, {@code end} at
 * the end; {@link #down()} says whether it is down now (for a client that fails calls meanwhile).
 */
final class FaultWindow {
    private final Duration from;
    private final Duration length;
    private final Runnable begin;
    private final Runnable end;
    private volatile boolean down;
    private Thread timer;

    FaultWindow(Duration from, Duration length, Runnable begin, Runnable end) {
        this.from = from;
        this.length = length;
        this.begin = begin;
        this.end = end;
    }

    static FaultWindow flag(Duration from, Duration length) {
        return new FaultWindow(from, length, () -> {}, () -> {});
    }

    boolean down() {
        return down;
    }

    void startAt(Instant opensAt) {
        timer = Thread.ofVirtual().name("fault-window").start(() -> {
            try {
                sleepUntil(opensAt.plus(from));
                down = true;
                begin.run();
                sleepUntil(opensAt.plus(from).plus(length));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (down) {
                    down = false;
                    end.run();
                }
            }
        });
    }

    /** Ends it now if it is still on (a run cut short). */
    void stop() {
        if (timer != null) {
            timer.interrupt();
        }
    }

    /** When it ends, for a sale opening at {@code opensAt}. */
    Instant endsAt(Instant opensAt) {
        return opensAt.plus(from).plus(length);
    }

    String describe() {
        return String.format(Locale.ROOT, "from %.0f s to %.0f s after the opening", from.toMillis() / 1000.0,
                from.plus(length).toMillis() / 1000.0);
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
