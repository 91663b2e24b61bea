package io.flashcheckout.local.backends;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for the operator commands, on AWS or on local backends. Without an endpoint, the SDK resolves it
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, ...); the region comes from the SDK's chain, else us-east-1;
 * credentials from the SDK's chain, and for an explicit endpoint dummy ones when the chain has none.
 */
public final class AwsClients {
    static final Region FALLBACK_REGION = LocalAws.REGION;

    private AwsClients() {}

    /**
     * @param endpoint null for the SDK's own resolution
     * @param region   null for the SDK's chain
     */
    public static DynamoDbClient dynamoDb(URI endpoint, String region) {
        return configured(DynamoDbClient.builder(), endpoint, region).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static SqsClient sqs(URI endpoint, String region) {
        return configured(SqsClient.builder(), endpoint, region).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static Region region(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Region.of(explicit);
        }
        try {
            // its last step asks the EC2 metadata service, unless aws.disableEc2Metadata (set by exec:exec and tests)
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException none) {
            return FALLBACK_REGION;
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B configured(B builder, URI endpoint, String region) {
        builder.region(region(region));
        if (endpoint != null) {
            // local backends accept any credentials, but the SDK refuses to sign without some
            builder.endpointOverride(endpoint).credentialsProvider(AwsCredentialsProviderChain.builder()
                    .credentialsProviders(DefaultCredentialsProvider.builder().build(),
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)))
                    .build());
        }
        return builder;
    }
}
