package io.flashcheckout.wiring;

import io.flashcheckout.admission.AdmissionGate;
import io.flashcheckout.admission.QueueAdvancer;
import io.flashcheckout.admission.RoomSigner;
import io.flashcheckout.admission.WaitingRoom;
import io.flashcheckout.admission.WaitingRoomStore;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.store.SaleStore;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoLiveHolds;
import io.flashcheckout.store.dynamodb.DynamoWaitingRoomStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires the waiting room. Its signing key comes from where the other secrets come from: with
 * {@code flash-checkout.admission.key-secret} (on AWS, given only to the queue and reserve functions) the secret's
 * {@code signingKey}, read from Secrets Manager at first use and cached ({@link RoomKeySecret}); otherwise the plain
 * {@code flash-checkout.admission.key} (the local stack generates one). With neither, a sale with a room cannot be
 * joined (the room's routes fail loudly) while everything else runs.
 */
@Factory
public class AdmissionFactory {

    @Singleton
    WaitingRoomStore waitingRoomStore(DynamoDbClient dynamo, CheckoutTables tables) {
        return new DynamoWaitingRoomStore(dynamo, tables);
    }

    @Singleton
    RoomSigner roomSigner(@Nullable @Value("${flash-checkout.admission.key-secret:}") String secretId,
                          @Nullable @Value("${flash-checkout.admission.key:}") String key,
                          @Nullable @Value("${flash-checkout.secretsmanager.endpoint:}") String endpoint) {
        Supplier<String> source;
        if (secretId != null && !secretId.isBlank()) {
            source = new RoomKeySecret(secretId, endpoint);
        } else if (key != null && !key.isBlank()) {
            source = () -> key;
        } else {
            source = () -> {
                throw new IllegalStateException("no waiting-room key: set flash-checkout.admission.key or .key-secret");
            };
        }
        return new RoomSigner(source);
    }

    @Singleton
    AdmissionGate admissionGate(RoomSigner signer, WaitingRoomStore store) {
        return new AdmissionGate(signer, store);
    }

    /** Its own cache of sales, half a second: a poll is one cached read, and the advancer writes twice a second. */
    @Singleton
    WaitingRoom waitingRoom(SaleStore sales, WaitingRoomStore store, RoomSigner signer, Clock clock,
                            @Value("${flash-checkout.admission.poll-cache:500ms}") Duration pollCache) {
        return new WaitingRoom(new SaleLookup(sales, pollCache), store, signer, clock);
    }

    @Singleton
    QueueAdvancer queueAdvancer(SaleStore sales, WaitingRoomStore store, DynamoDbClient dynamo, CheckoutTables tables) {
        return new QueueAdvancer(sales, store, new DynamoLiveHolds(dynamo, tables));
    }
}
