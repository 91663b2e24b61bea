package io.flashcheckout.local;

import org.junit.jupiter.api.BeforeAll;

/** {@link RecoveryFaults} on DynamoDB Local and ElasticMQ. */
class RecoveryFaultsTest extends RecoveryFaults {
    @BeforeAll
    static void start() {
        rig = new CheckoutRig();
    }
}
