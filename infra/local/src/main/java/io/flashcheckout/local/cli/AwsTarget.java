package io.flashcheckout.local.cli;

import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.backends.AwsClients;

import java.net.URI;

import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Which tables and queues an operator command works on: a stage prefix, and where DynamoDB and SQS are. */
final class AwsTarget {
    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = LocalStack.DEFAULT_PREFIX,
            description = "Before every table and queue name. Default: ${DEFAULT-VALUE}")
    String prefix;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "DynamoDB's endpoint, e.g. http://127.0.0.1:8000 for `serve`. Default: the SDK's "
                    + "(AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, else AWS).")
    URI dynamoDbEndpoint;

    @Option(names = "--sqs-endpoint", paramLabel = "URL",
            description = "SQS's endpoint, e.g. http://127.0.0.1:9324 for `serve`. Default: the SDK's "
                    + "(AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else AWS).")
    URI sqsEndpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Default: the SDK's (AWS_REGION, the profile, ...), else us-east-1.")
    String region;

    DynamoDbClient dynamoDb() {
        return AwsClients.dynamoDb(dynamoDbEndpoint, region);
    }

    SqsClient sqs() {
        return AwsClients.sqs(sqsEndpoint, region);
    }
}
