package io.flashcheckout.local;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link RecoveryFaults} on moto_server, a second implementation of DynamoDB (with streams) and SQS: every worker,
 * one message at a time, so the code does not lean on one emulator's quirks. Runs when moto_server is on the PATH.
 */
class RecoveryFaultsOnMotoTest extends RecoveryFaults {
    @BeforeAll
    static void start() {
        rig = CheckoutRig.onMotoServer();
        Assumptions.assumeTrue(rig != null, "moto_server is not on the PATH");
    }
}
