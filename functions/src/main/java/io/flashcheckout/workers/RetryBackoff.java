package io.flashcheckout.workers;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed message waits before SQS delivers it again: {@code base * 2^(receives-1)}, at most
 * {@code max}, with up to a quarter of jitter so messages that failed together do not all come back together.
 */
public record RetryBackoff(Duration base, Duration max) {

    public Duration after(int receiveCount) {
        int exponent = Math.min(Math.max(receiveCount, 1) - 1, 20);
        long millis = Math.min(max.toMillis(), base.toMillis() << exponent);
        long jitter = millis / 4 == 0 ? 0 : ThreadLocalRandom.current().nextLong(millis / 4 + 1);
        return Duration.ofMillis(Math.min(max.toMillis(), millis + jitter));
    }
}
