package io.flashcheckout.local.emulation;

import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.template.CloudFormationTemplate;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What Lambda's DynamoDB stream event source mapping does, on this machine, over DynamoDB Local's stream of a table:
 * reads each shard from its start, drops the records the mapping's filter criteria do not match (as Lambda does,
 * before the function), hands the others to the function as a {@link DynamodbEvent} in order, and on a reported
 * failure (or a function that throws) reads again from the failed record.
 */
public final class StreamPoller {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
    /** The most records one read hands the function (the template's BatchSize). */
    public static final int BATCH = 100;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String functionName;
    private final StreamFilter filter;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> function;
    /** closed shards read to their end */
    private final Set<String> finished = new HashSet<>();
    /** shard id -> the last sequence number the function took: where the next read starts */
    private final Map<String, String> taken = new HashMap<>();
    /** shard id -> the iterator a full page handed back: the next read goes on from it without asking for another */
    private final Map<String, String> following = new HashMap<>();
    /** the stream's shards as last described, and when (nanoTime); described again when due or a shard ends */
    private List<String> shards = List.of();
    private long describedAt;
    private boolean describeAgain = true;

    /**
     * @param functionName the function's local name ({@code flash-checkout-order-relay}), as its invocations are named
     * @param filter       the event source mapping's filter criteria
     */
    StreamPoller(DynamoDbStreamsClient streams, String streamArn, String functionName, StreamFilter filter,
                 RequestHandler<DynamodbEvent, StreamsEventResponse> function) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.functionName = functionName;
        this.filter = filter;
        this.function = function;
    }

    /**
     * A poller of {@code table}'s stream for the template's function on the stream of {@code templateTable} (its
     * logical id, {@code OrdersTable}), with that function's filter criteria.
     */
    public static StreamPoller forTable(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table,
                                        String templateTable, String functionName,
                                        RequestHandler<DynamodbEvent, StreamsEventResponse> function) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        if (arn == null) {
            throw new IllegalStateException("table " + table + " has no stream; its relay cannot run");
        }
        return new StreamPoller(streams, arn, functionName,
                StreamFilter.forTable(CloudFormationTemplate.bundled(), templateTable), function);
    }

    String functionName() {
        return functionName;
    }

    /** Reads every open shard once; returns how many records it got past (handed to the function or filtered out). */
    public int pollOnce() {
        int handed = 0;
        for (String shardId : shards()) {
            if (!finished.contains(shardId)) {
                handed += pollShard(shardId);
            }
        }
        return handed;
    }

    /**
     * The stream's shards, described again every {@link #DESCRIBE_EVERY_NANOS} (a new shard appears when DynamoDB
     * rolls one over; Lambda's mapping finds it within seconds too) or as soon as a shard is read to its end, not at
     * every poll: a poll under load then costs its GetRecords, not a DescribeStream beside each.
     */
    private List<String> shards() {
        long now = System.nanoTime();
        if (describeAgain || now - describedAt >= DESCRIBE_EVERY_NANOS) {
            shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().stream()
                    .map(Shard::shardId).toList();
            describedAt = now;
            describeAgain = false;
        }
        return shards;
    }

    static final long DESCRIBE_EVERY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    /**
     * Reads a shard from just after the last record the function took (from its start before that): neither emulator
     * reliably shows records written after an iterator was handed out on an idle shard (DynamoDB Local refuses the
     * iterator, moto_server stays empty), so the position, not an iterator, is what is kept.
     */
    private int pollShard(String shardId) {
        String last = taken.get(shardId);
        GetRecordsResponse page = read(shardId, last);
        // DynamoDB Local may repeat the record an iterator starts after; Lambda would not hand it over twice
        List<Record> records = page.records().stream()
                .filter(r -> last == null || new BigInteger(r.dynamodb().sequenceNumber()).compareTo(new BigInteger(last)) > 0)
                .toList();
        if (records.isEmpty()) {
            if (page.nextShardIterator() == null) {
                finished.add(shardId);
                describeAgain = true;
            }
            return 0;
        }
        List<Record> matching = records.stream().filter(filter::matches).toList();
        String failedAt = null;
        if (!matching.isEmpty()) {
            try {
                StreamsEventResponse response = function.handleRequest(event(matching),
                        new LocalLambdaContext(UUID.randomUUID().toString(), functionName, java.time.Duration.ofSeconds(30)));
                failedAt = response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()
                        ? null : response.getBatchItemFailures().get(0).getItemIdentifier();
            } catch (RuntimeException | Error e) {
                LOG.warn("{} failed a batch of {}; it is read again: {}", functionName, matching.size(), e.toString());
                failedAt = matching.get(0).dynamodb().sequenceNumber();
            }
        }
        int handed = 0;
        for (Record record : records) {
            if (record.dynamodb().sequenceNumber().equals(failedAt)) {
                break;
            }
            taken.put(shardId, record.dynamodb().sequenceNumber());
            handed++;
        }
        // a full page taken whole: more records were already there, and the iterator it handed back points at them
        if (failedAt == null && page.records().size() >= BATCH && page.nextShardIterator() != null) {
            following.put(shardId, page.nextShardIterator());
        }
        return handed;
    }

    /**
     * One page of the shard after {@code last}: from the iterator the previous full page handed back when there is
     * one (under load, polls follow each other and each saves a GetShardIterator), else from the position. An
     * iterator the emulator no longer takes is not an error: the position is read from instead.
     */
    private GetRecordsResponse read(String shardId, String last) {
        String chained = following.remove(shardId);
        if (chained != null) {
            try {
                return streams.getRecords(b -> b.shardIterator(chained).limit(BATCH));
            } catch (DynamoDbException e) {
                LOG.debug("{}: the shard iterator of the last page was refused ({}); reading from the position",
                        functionName, e.getMessage());
            }
        }
        String iterator = last == null ? iterator(shardId, ShardIteratorType.TRIM_HORIZON, null)
                : iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, last);
        return streams.getRecords(b -> b.shardIterator(iterator).limit(BATCH));
    }

    private String iterator(String shardId, ShardIteratorType type, String sequenceNumber) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }

    private DynamodbEvent event(List<Record> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records.stream().map(this::toLambda).toList());
        return event;
    }

    private DynamodbEvent.DynamodbStreamRecord toLambda(Record record) {
        DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
        lambda.setEventID(record.eventID());
        lambda.setEventName(record.eventNameAsString());
        lambda.setEventSource("aws:dynamodb");
        lambda.setEventVersion(record.eventVersion());
        lambda.setEventSourceARN(streamArn);
        lambda.setAwsRegion(LocalAws.REGION.id());
        var sdk = record.dynamodb();
        StreamRecord stream = new StreamRecord();
        stream.setSequenceNumber(sdk.sequenceNumber());
        stream.setSizeBytes(sdk.sizeBytes());
        stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(sdk.streamViewTypeAsString()));
        if (sdk.approximateCreationDateTime() != null) {
            stream.setApproximateCreationDateTime(Date.from(sdk.approximateCreationDateTime()));
        }
        stream.setKeys(toLambda(sdk.keys()));
        stream.setNewImage(sdk.hasNewImage() ? toLambda(sdk.newImage()) : null);
        stream.setOldImage(sdk.hasOldImage() ? toLambda(sdk.oldImage()) : null);
        lambda.setDynamodb(stream);
        return lambda;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toLambda(
            Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> lambda = new HashMap<>();
        item.forEach((name, value) -> lambda.put(name, toLambda(value)));
        return lambda;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toLambda(AttributeValue v) {
        var lambda = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (v.type()) {
            case S -> lambda.setS(v.s());
            case N -> lambda.setN(v.n());
            case BOOL -> lambda.setBOOL(v.bool());
            case NUL -> lambda.setNULL(v.nul());
            case B -> lambda.setB(v.b().asByteBuffer());
            case SS -> lambda.setSS(v.ss());
            case NS -> lambda.setNS(v.ns());
            case BS -> lambda.setBS(v.bs().stream().map(SdkBytes::asByteBuffer).toList());
            case L -> lambda.setL(v.l().stream().map(StreamPoller::toLambda).toList());
            case M -> lambda.setM(toLambda(v.m()));
            default -> throw new IllegalArgumentException("unknown attribute type " + v.type());
        }
        return lambda;
    }
}
