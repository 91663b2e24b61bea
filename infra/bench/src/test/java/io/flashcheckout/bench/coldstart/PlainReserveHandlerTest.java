package io.flashcheckout.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/** The cold-start benchmark's framework-free handler reserves through DynamoDB Local like the service: smoke only. */
class PlainReserveHandlerTest {

    @Test
    void reservesOnceAndTakesAUnit() {
        String secret = LocalTokens.generateSecret();
        String prefix = "plain-reserve-";
        LocalStack.Settings settings = new LocalStack.Settings(0, 0, 0, 0, null, false, secret, prefix,
                () -> (event, context) -> APIGatewayV2HTTPResponse.builder().withStatusCode(404).build(),
                null, false, Duration.ofMinutes(1), null, null);
        try (LocalStack stack = LocalStack.start(settings)) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            new DynamoSaleStore(stack.dynamoDbClient(), stack.tables()).create(new NewSale("smoke", "SMOKE-1", "Smoke",
                    Money.of("19.90", "EUR"), 10L, 1, now.minusSeconds(60), now.plus(Duration.ofHours(1)), 600, 1)
                    .validate(), now);
            PlainReserveHandler handler = new PlainReserveHandler(Map.of(
                    "FLASH_CHECKOUT_TABLES_PREFIX", prefix,
                    "FLASH_CHECKOUT_DYNAMODB_ENDPOINT", stack.dynamoDbEndpoint().toString(),
                    "FLASH_CHECKOUT_JWT_SECRET", secret));
            String token = new LocalTokens(secret, Clock.systemUTC()).customer("shopper-1");

            APIGatewayV2HTTPResponse first = handler.handleRequest(
                    ColdStartDriver.reserveEvent("smoke", token, "smoke-key-1"), null);
            APIGatewayV2HTTPResponse again = handler.handleRequest(
                    ColdStartDriver.reserveEvent("smoke", token, "smoke-key-1"), null);
            APIGatewayV2HTTPResponse noToken = handler.handleRequest(
                    ColdStartDriver.reserveEvent("smoke", token + "x", "smoke-key-2"), null);

            assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
            assertThat(first.getBody()).contains("\"status\":\"RESERVED\"", "\"amount\":\"19.90\"");
            assertThat(again.getStatusCode()).as("the same key again: the same order").isEqualTo(200);
            assertThat(noToken.getStatusCode()).isEqualTo(401);
            Map<String, AttributeValue> shard = stack.dynamoDbClient().getItem(b -> b.tableName(stack.tables().sales())
                    .key(Map.of("pk", AttributeValue.fromS("STOCK#smoke#0"))).consistentRead(true)).item();
            assertThat(shard.get("available").n()).isEqualTo("9");
        }
    }
}
