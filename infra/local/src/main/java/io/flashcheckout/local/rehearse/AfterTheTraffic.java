package io.flashcheckout.local.rehearse;

import java.time.Duration;

import picocli.CommandLine.Option;

/** How long the audit waits for the orders to settle, and how late a hold may end: for a rehearsal and for a merge. */
final class AfterTheTraffic {
    @Option(names = "--settle-seconds", defaultValue = "420",
            description = "How long to wait for every order to settle after the traffic. Default: ${DEFAULT-VALUE}")
    int settleSeconds;

    @Option(names = "--recovery-interval", defaultValue = "150",
            description = "Seconds a hold may outlive its expiry (invariant 5). Default: ${DEFAULT-VALUE}")
    int recoverySeconds;

    Duration settle() {
        return Duration.ofSeconds(settleSeconds);
    }

    Duration recoveryInterval() {
        return Duration.ofSeconds(recoverySeconds);
    }
}
