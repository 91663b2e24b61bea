package io.flashcheckout.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

import static io.flashcheckout.local.template.CloudFormationTemplate.list;
import static io.flashcheckout.local.template.CloudFormationTemplate.map;

/**
 * The tables and queues {@code infra/template.yaml} declares, for the local backends: the same keys, indexes,
 * streams, visibility timeouts and redrive policies as on AWS, with {@code flash-checkout-${Stage}-} in their names
 * replaced by the local prefix.
 */
public final class TemplateResources {
    public static final String STAGE_PREFIX = "flash-checkout-${Stage}-";

    /** A queue as declared: its dead-letter queue (null for one that is itself a dead-letter queue) and attributes. */
    public record Queue(String id, String name, String deadLetterQueue, Integer maxReceiveCount, Integer visibilityTimeout,
                 Integer retentionSeconds) {}

    private final CloudFormationTemplate template;
    private final String prefix;

    public TemplateResources(CloudFormationTemplate template, String prefix) {
        this.template = template;
        this.prefix = prefix;
    }

    List<CreateTableRequest> tables() {
        List<CreateTableRequest> tables = new ArrayList<>();
        for (Map<String, Object> t : template.resources("AWS::DynamoDB::Table").values()) {
            CreateTableRequest.Builder table = CreateTableRequest.builder()
                    .tableName(name(t.get("TableName")))
                    .billingMode(BillingMode.fromValue((String) t.get("BillingMode")))
                    .attributeDefinitions(list(t.get("AttributeDefinitions")).stream().map(a -> AttributeDefinition.builder()
                            .attributeName((String) map(a).get("AttributeName"))
                            .attributeType((String) map(a).get("AttributeType")).build()).toList())
                    .keySchema(keySchema(t.get("KeySchema")));
            if (t.get("GlobalSecondaryIndexes") != null) {
                table.globalSecondaryIndexes(list(t.get("GlobalSecondaryIndexes")).stream().map(TemplateResources::index).toList());
            }
            if (t.get("StreamSpecification") != null) {
                table.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType((String) map(t.get("StreamSpecification")).get("StreamViewType")).build());
            }
            tables.add(table.build());
        }
        return tables;
    }

    /** Creates whichever tables do not exist yet and waits until they are active. */
    public void createMissingTables(DynamoDbClient dynamo) {
        for (CreateTableRequest request : tables()) {
            try {
                dynamo.createTable(request);
            } catch (ResourceInUseException exists) {
                continue;
            }
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
        }
    }

    /** Every queue, dead-letter queues first (a queue's redrive policy names its dead-letter queue's ARN). */
    public List<Queue> queues() {
        Map<String, Map<String, Object>> declared = template.resources("AWS::SQS::Queue");
        List<Queue> deadLetters = new ArrayList<>();
        List<Queue> work = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        declared.forEach((id, q) -> names.put(id, name(q.get("QueueName"))));
        declared.forEach((id, q) -> {
            Map<String, Object> redrive = q.get("RedrivePolicy") == null ? null : map(q.get("RedrivePolicy"));
            Queue queue = new Queue(id, names.get(id),
                    redrive == null ? null : names.get((String) list(map(redrive.get("deadLetterTargetArn")).get("Fn::GetAtt")).get(0)),
                    redrive == null ? null : ((Number) redrive.get("maxReceiveCount")).intValue(),
                    number(q.get("VisibilityTimeout")), number(q.get("MessageRetentionPeriod")));
            (redrive == null ? deadLetters : work).add(queue);
        });
        deadLetters.addAll(work);
        return deadLetters;
    }

    private String name(Object declared) {
        String name = (String) map(declared).get("Fn::Sub");
        if (name == null || !name.startsWith(STAGE_PREFIX)) {
            throw new IllegalStateException("a name in the template is not " + STAGE_PREFIX + "...: " + declared);
        }
        return prefix + name.substring(STAGE_PREFIX.length());
    }

    private static GlobalSecondaryIndex index(Object declared) {
        Map<String, Object> i = map(declared);
        Map<String, Object> p = map(i.get("Projection"));
        Projection.Builder projection = Projection.builder().projectionType((String) p.get("ProjectionType"));
        if (p.get("NonKeyAttributes") != null) {
            projection.nonKeyAttributes(list(p.get("NonKeyAttributes")).stream().map(String::valueOf).toList());
        }
        return GlobalSecondaryIndex.builder()
                .indexName((String) i.get("IndexName"))
                .keySchema(keySchema(i.get("KeySchema")))
                .projection(projection.build())
                .build();
    }

    private static List<KeySchemaElement> keySchema(Object declared) {
        return list(declared).stream().map(k -> KeySchemaElement.builder()
                .attributeName((String) map(k).get("AttributeName"))
                .keyType((String) map(k).get("KeyType")).build()).toList();
    }

    private static Integer number(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

}
