package io.flashcheckout.local;

import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.emulation.ApiGatewayEvents;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The IAM action and resource ARN each SDK request is authorised against. Mostly the service's prefix and the
 * operation's name on the resource the request names (a table, the index a query reads, a queue, a secret), with
 * the exceptions IAM makes: a transaction is authorised item by item, by each item's own action on its table
 * (there is no {@code dynamodb:TransactWriteItems} permission), a batch on every table it touches, and an SQS batch
 * send as {@code sqs:SendMessage}.
 */
final class IamRequests {
    /** Where the local ARNs live; the template's ARNs are resolved with the same. */
    static final String REGION = LocalAws.REGION.id();
    static final String ACCOUNT = ApiGatewayEvents.ACCOUNT_ID;
    /**
     * Secrets Manager appends six random characters to a secret's name in its ARN, and IAM authorises against that
     * ARN: a policy naming {@code secret:name} exactly matches nothing, {@code secret:name-??????} does.
     */
    static final String SECRET_SUFFIX = "-AbCdEf";

    record Access(String action, String resource) {}

    private IamRequests() {}

    /**
     * @param service the SDK's service name ({@code DynamoDB}, {@code SQS}, {@code Secrets Manager})
     * @param operation the operation ({@code GetItem})
     */
    static List<Access> accesses(String service, String operation, SdkRequest request) {
        String prefix = iamPrefix(service);
        List<Access> accesses = new ArrayList<>();
        switch (request) {
            case TransactWriteItemsRequest transaction -> {
                for (TransactWriteItem item : transaction.transactItems()) {
                    if (item.put() != null) {
                        accesses.add(new Access("dynamodb:PutItem", table(item.put().tableName())));
                    }
                    if (item.update() != null) {
                        accesses.add(new Access("dynamodb:UpdateItem", table(item.update().tableName())));
                    }
                    if (item.delete() != null) {
                        accesses.add(new Access("dynamodb:DeleteItem", table(item.delete().tableName())));
                    }
                    if (item.conditionCheck() != null) {
                        accesses.add(new Access("dynamodb:ConditionCheckItem", table(item.conditionCheck().tableName())));
                    }
                }
            }
            case TransactGetItemsRequest transaction -> {
                for (TransactGetItem item : transaction.transactItems()) {
                    accesses.add(new Access("dynamodb:GetItem", table(item.get().tableName())));
                }
            }
            case BatchGetItemRequest batch ->
                    batch.requestItems().keySet().forEach(t -> accesses.add(new Access("dynamodb:BatchGetItem", table(t))));
            case BatchWriteItemRequest batch ->
                    batch.requestItems().keySet().forEach(t -> accesses.add(new Access("dynamodb:BatchWriteItem", table(t))));
            // SQS authorises a batch send as sqs:SendMessage (there is no sqs:SendMessageBatch permission)
            default -> accesses.add(new Access(prefix + ":" + (operation.equals("SendMessageBatch") ? "SendMessage" : operation),
                    resource(prefix, request)));
        }
        return accesses;
    }

    /** The IAM service prefix: the SDK's service name in lower case without spaces, but streams are dynamodb's. */
    static String iamPrefix(String service) {
        String prefix = service.toLowerCase(Locale.ROOT).replace(" ", "");
        return prefix.equals("dynamodbstreams") ? "dynamodb" : prefix;
    }

    private static String resource(String prefix, SdkRequest request) {
        return switch (prefix) {
            case "dynamodb" -> field(request, "TableName")
                    .map(t -> table(t) + field(request, "IndexName").map(i -> "/index/" + i).orElse(""))
                    .orElseGet(() -> field(request, "StreamArn").orElse("*"));
            case "sqs" -> field(request, "QueueUrl").map(IamRequests::queueNameOf)
                    .or(() -> field(request, "QueueName")).map(IamRequests::queue).orElse("*");
            case "secretsmanager" -> field(request, "SecretId").map(IamRequests::secret).orElse("*");
            default -> "*";
        };
    }

    private static java.util.Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class);
    }

    static String table(String name) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name;
    }

    static String queue(String name) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    static String secret(String idOrArn) {
        return idOrArn.startsWith("arn:") ? idOrArn : "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + idOrArn + SECRET_SUFFIX;
    }

    private static String queueNameOf(String url) {
        String path = URI.create(url).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
