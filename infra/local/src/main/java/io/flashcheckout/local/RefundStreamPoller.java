package io.flashcheckout.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What Lambda's DynamoDB stream event source mapping does, on this machine, over DynamoDB Local's stream of the
 * refunds table: reads each shard from its start, hands the records to the function as a {@link DynamodbEvent} in
 * order, and on a reported failure (or a function that throws) reads again from the failed record.
 */
final class RefundStreamPoller {
    private static final Logger LOG = LoggerFactory.getLogger(RefundStreamPoller.class);
    private static final int BATCH = 100;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> function;
    /** shard id -> the iterator to read next; a closed, drained shard is removed, a finished one remembered */
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final List<String> finished = new ArrayList<>();
    /** shard id -> the last sequence number the function took, to read on from after an iterator went stale */
    private final Map<String, String> taken = new HashMap<>();

    RefundStreamPoller(DynamoDbStreamsClient streams, String streamArn, RequestHandler<DynamodbEvent, StreamsEventResponse> function) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.function = function;
    }

    /** Reads every shard once; returns how many records the function took. */
    int pollOnce() {
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            if (!iterators.containsKey(shard.shardId()) && !finished.contains(shard.shardId())) {
                iterators.put(shard.shardId(), iterator(shard.shardId(), ShardIteratorType.TRIM_HORIZON, null));
            }
        }
        int taken = 0;
        for (String shardId : new ArrayList<>(iterators.keySet())) {
            taken += pollShard(shardId);
        }
        return taken;
    }

    private int pollShard(String shardId) {
        GetRecordsResponse page;
        try {
            page = streams.getRecords(b -> b.shardIterator(iterators.get(shardId)).limit(BATCH));
        } catch (TrimmedDataAccessException | ExpiredIteratorException stale) {
            iterators.put(shardId, resumed(shardId));
            page = streams.getRecords(b -> b.shardIterator(iterators.get(shardId)).limit(BATCH));
        }
        String last = taken.get(shardId);
        // an iterator renewed after the last record taken may repeat it on DynamoDB Local; Lambda would not
        List<Record> records = page.records().stream()
                .filter(r -> last == null || new BigInteger(r.dynamodb().sequenceNumber()).compareTo(new BigInteger(last)) > 0)
                .toList();
        if (records.isEmpty()) {
            if (page.nextShardIterator() == null) {
                iterators.remove(shardId);
                finished.add(shardId);
            } else {
                // neither emulator reliably shows records written after an iterator was handed out on an idle shard
                // (DynamoDB Local refuses it, moto_server stays empty): resume from our own position instead
                iterators.put(shardId, resumed(shardId));
            }
            return 0;
        }
        String failedAt;
        try {
            StreamsEventResponse response = function.handleRequest(event(records),
                    new LocalLambdaContext(UUID.randomUUID().toString(), "flash-checkout-refund-relay", java.time.Duration.ofSeconds(30)));
            failedAt = response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()
                    ? null : response.getBatchItemFailures().get(0).getItemIdentifier();
        } catch (RuntimeException | Error e) {
            LOG.warn("the refund relay failed a batch of {}; it is read again: {}", records.size(), e.toString());
            failedAt = records.get(0).dynamodb().sequenceNumber();
        }
        if (failedAt == null) {
            taken.put(shardId, records.get(records.size() - 1).dynamodb().sequenceNumber());
            if (page.nextShardIterator() == null) {
                iterators.remove(shardId);
                finished.add(shardId);
            } else {
                iterators.put(shardId, page.nextShardIterator());
            }
            return records.size();
        }
        iterators.put(shardId, iterator(shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, failedAt));
        int before = 0;
        for (Record record : records) {
            if (record.dynamodb().sequenceNumber().equals(failedAt)) {
                break;
            }
            taken.put(shardId, record.dynamodb().sequenceNumber());
            before++;
        }
        return before;
    }

    /** An iterator after the last record the function took, or from the shard's start when it took none. */
    private String resumed(String shardId) {
        String last = taken.get(shardId);
        return last == null ? iterator(shardId, ShardIteratorType.TRIM_HORIZON, null)
                : iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, last);
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
            case L -> lambda.setL(v.l().stream().map(RefundStreamPoller::toLambda).toList());
            case M -> lambda.setM(toLambda(v.m()));
            default -> throw new IllegalArgumentException("unknown attribute type " + v.type());
        }
        return lambda;
    }
}
