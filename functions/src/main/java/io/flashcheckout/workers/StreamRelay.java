package io.flashcheckout.workers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.flashcheckout.queue.CheckoutQueues;
import io.flashcheckout.queue.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import io.flashcheckout.store.dynamodb.StreamImages;

/**
 * One batch of a table's stream turned into messages and sent in batches ({@link CheckoutQueues#sendAll}). Records
 * are read in stream order; if one cannot be read or its message could not be sent, its sequence number is reported
 * (ReportBatchItemFailures) and Lambda hands the batch again from there: nothing is skipped, and what follows it is
 * sent again, which the idempotent consumers take as a repeat.
 *
 * @param <T> what a table's image is read as (an order, a refund)
 */
public final class StreamRelay<T> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRelay.class);

    private final String table;
    private final Function<Map<String, AttributeValue>, T> image;
    private final BiFunction<T, T, Optional<OutboxMessage>> relay;
    private final CheckoutQueues queues;

    /**
     * @param table names the stream in logs
     * @param image reads an image, null for an item that is no {@code T}
     * @param relay the message a change (before, after) calls for
     */
    public StreamRelay(String table, Function<Map<String, AttributeValue>, T> image,
                       BiFunction<T, T, Optional<OutboxMessage>> relay, CheckoutQueues queues) {
        this.table = table;
        this.image = image;
        this.relay = relay;
        this.queues = queues;
    }

    public StreamsEventResponse relay(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<OutboxMessage> messages = new ArrayList<>();
        List<Integer> recordOf = new ArrayList<>();
        int unreadable = records.size();
        for (int i = 0; i < records.size(); i++) {
            try {
                var change = records.get(i).getDynamodb();
                T before = image.apply(StreamImages.toSdk(change.getOldImage()));
                T after = image.apply(StreamImages.toSdk(change.getNewImage()));
                Optional<OutboxMessage> message = relay.apply(before, after);
                if (message.isPresent()) {
                    messages.add(message.get());
                    recordOf.add(i);
                }
            } catch (RuntimeException e) {
                LOG.warn("{} stream record {} cannot be read; retried from there: {}", table, sequence(records.get(i)), e.toString());
                unreadable = i;
                break;
            }
        }
        int firstFailed = unreadable;
        List<Integer> unsent = messages.isEmpty() ? List.of() : queues.sendAll(messages);
        if (!unsent.isEmpty()) {
            firstFailed = Math.min(firstFailed, recordOf.get(unsent.getFirst()));
            LOG.warn("{} of {} messages from the {} stream not sent; retried from record {}", unsent.size(),
                    messages.size(), table, sequence(records.get(firstFailed)));
        }
        if (firstFailed == records.size()) {
            return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                .withItemIdentifier(sequence(records.get(firstFailed))).build())).build();
    }

    private static String sequence(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb().getSequenceNumber();
    }
}
