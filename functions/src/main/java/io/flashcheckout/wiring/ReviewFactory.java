package io.flashcheckout.wiring;

import io.flashcheckout.checkout.OrderLookup;
import io.flashcheckout.checkout.ReleaseService;
import io.flashcheckout.review.AuditLog;
import io.flashcheckout.review.ReviewService;
import io.flashcheckout.review.SaleActivity;
import io.flashcheckout.review.SaleOrders;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.DynamoAuditLog;
import io.flashcheckout.store.dynamodb.DynamoSaleActivity;
import io.flashcheckout.store.dynamodb.DynamoSaleOrders;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/** The operator's side: order listings, scalper review and the admin log (the admin function's beans). */
@Factory
class ReviewFactory {

    @Singleton
    SaleOrders saleOrders(DynamoDbClient dynamo, CheckoutTables tables) {
        return new DynamoSaleOrders(dynamo, tables);
    }

    @Singleton
    SaleActivity saleActivity(DynamoDbClient dynamo, CheckoutTables tables) {
        return new DynamoSaleActivity(dynamo, tables);
    }

    @Singleton
    AuditLog auditLog(DynamoDbClient dynamo, CheckoutTables tables) {
        return new DynamoAuditLog(dynamo, tables);
    }

    @Singleton
    ReviewService reviewService(SaleOrders orders, SaleLookup sales, OrderLookup lookup, ReleaseService release,
                                AuditLog audit, Clock clock) {
        return new ReviewService(orders, sales, lookup, release, audit, clock);
    }
}
