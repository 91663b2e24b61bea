package io.flashcheckout.store.dynamodb;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The three tables as the checkout needs them, for the tests of the functions module (the local stack creates them
 * from infra/template.yaml; TemplateDriftTest checks the two agree).
 */
public final class TableDefinitions {
    private TableDefinitions() {}

    public static List<CreateTableRequest> all(CheckoutTables tables) {
        return List.of(
                table(tables.sales()).build(),
                table(tables.orders())
                        .attributeDefinitions(
                                attribute("pk", ScalarAttributeType.S),
                                attribute("customerId", ScalarAttributeType.S),
                                attribute("createdAt", ScalarAttributeType.N),
                                attribute("dueShard", ScalarAttributeType.S),
                                attribute("dueAt", ScalarAttributeType.N),
                                attribute("saleShard", ScalarAttributeType.S),
                                attribute("saleSort", ScalarAttributeType.S))
                        .globalSecondaryIndexes(
                                index("bySale", "saleShard", "saleSort", ProjectionType.ALL),
                                index("byCustomer", "customerId", "createdAt", ProjectionType.ALL),
                                index("byDue", "dueShard", "dueAt", ProjectionType.INCLUDE, "paymentAttempt"))
                        .streamSpecification(StreamSpecification.builder()
                                .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                        .build(),
                table(tables.refunds())
                        .attributeDefinitions(
                                attribute("pk", ScalarAttributeType.S),
                                attribute("dueShard", ScalarAttributeType.S),
                                attribute("dueAt", ScalarAttributeType.N))
                        .globalSecondaryIndexes(index("byDue", "dueShard", "dueAt", ProjectionType.KEYS_ONLY))
                        .streamSpecification(StreamSpecification.builder()
                                .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                        .build());
    }

    /** Creates whichever of the tables do not exist yet and waits until they are active. */
    public static void createMissing(DynamoDbClient dynamo, CheckoutTables tables) {
        for (CreateTableRequest request : all(tables)) {
            try {
                dynamo.createTable(request);
            } catch (ResourceInUseException exists) {
                continue;
            }
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
        }
    }

    private static CreateTableRequest.Builder table(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static GlobalSecondaryIndex index(String name, String hash, String range, ProjectionType projection,
                                              String... nonKeyAttributes) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(
                        KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build())
                .projection(p -> {
                    p.projectionType(projection);
                    if (nonKeyAttributes.length > 0) {
                        p.nonKeyAttributes(nonKeyAttributes);
                    }
                })
                .build();
    }
}
