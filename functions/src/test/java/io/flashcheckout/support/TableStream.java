package io.flashcheckout.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A table's stream on DynamoDB Local, read from its start: the records a stream function would get. */
public final class TableStream implements AutoCloseable {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;

    /** On the shared DynamoDB Local. */
    public TableStream(String table) {
        this(DynamoDbLocal.shared().client(), DynamoDbLocal.shared().endpoint(), table);
    }

    /** On the DynamoDB Local that {@code dynamo} talks to at {@code endpoint}. */
    public TableStream(DynamoDbClient dynamo, URI endpoint, String table) {
        this.streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        if (streamArn == null) {
            throw new IllegalStateException("table " + table + " has no stream");
        }
        this.streams = DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Every record now in the stream, in order within each shard. */
    public List<Record> records() {
        List<Record> all = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String from = iterator;
                var page = streams.getRecords(b -> b.shardIterator(from));
                if (page.records().isEmpty()) {
                    break;
                }
                all.addAll(page.records());
                iterator = page.nextShardIterator();
            }
        }
        return all;
    }

    @Override
    public void close() {
        streams.close();
    }
}
