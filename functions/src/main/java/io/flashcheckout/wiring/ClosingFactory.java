package io.flashcheckout.wiring;

import io.flashcheckout.closing.ClosingStore;
import io.flashcheckout.closing.StoreClosingService;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoClosingStore;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/** The store's closing: the write gate of the HTTP functions, the admin route, and the sweeper's retention. */
@Factory
class ClosingFactory {

    @Singleton
    ClosingStore closingStore(DynamoDbClient dynamo, CheckoutTables tables) {
        return new DynamoClosingStore(dynamo, tables);
    }

    @Singleton
    StoreClosingService storeClosing(ClosingStore store, Clock clock) {
        return new StoreClosingService(store, clock);
    }
}
