package io.flashcheckout.wiring;

import io.flashcheckout.mydata.MyData;
import io.flashcheckout.mydata.ShopperRecords;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoShopperRecords;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/** A shopper's own data (the my-data function's beans). */
@Factory
class MyDataFactory {

    @Singleton
    ShopperRecords shopperRecords(DynamoDbClient dynamo, CheckoutTables tables) {
        return new DynamoShopperRecords(dynamo, tables);
    }

    @Singleton
    MyData myData(ShopperRecords records, Clock clock) {
        return new MyData(records, clock);
    }
}
