package io.flashcheckout.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which seams fail, and how often: each named fault point fires the next {@code n} times it is reached. Tests arm
 * points; the faulty ports ({@link FaultyPorts}) ask here before or after doing the real work.
 */
final class FaultPlan {
    private final Map<String, AtomicInteger> armed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();

    void arm(String point, int times) {
        armed.computeIfAbsent(point, p -> new AtomicInteger()).addAndGet(times);
    }

    /** True (and one shot used) when the point is armed. */
    boolean fires(String point) {
        AtomicInteger left = armed.get(point);
        if (left == null || left.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return false;
        }
        fired.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
        return true;
    }

    void crashIfArmed(String point) {
        if (fires(point)) {
            throw new Crash(point);
        }
    }

    int fired(String point) {
        AtomicInteger n = fired.get(point);
        return n == null ? 0 : n.get();
    }

    void disarmAll() {
        armed.clear();
    }
}
