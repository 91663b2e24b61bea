package io.flashcheckout.lambdaevents;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What Lambda's Java runtime does with a function's event and answer when the jar names a {@link CustomPojoSerializer}:
 * every file under {@code events/} is read into the type its function takes, and each kind of answer is written.
 */
class FunctionEventsPojoSerializerTest {
    private final CustomPojoSerializer runtime = ServiceLoader.load(CustomPojoSerializer.class).findFirst().orElseThrow();

    @Test
    void theRuntimeFindsTheFunctionsOwnSerializer() {
        assertThat(runtime).isInstanceOf(FunctionEventsPojoSerializer.class);
    }

    @Test
    void everyEventFileReadsIntoItsFunctionsType() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(eventsDir())) {
            files = listed.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path file : files) {
            String name = file.getFileName().toString();
            String json = Files.readString(file);
            if (name.startsWith("sqs-")) {
                SQSEvent event = runtime.fromJson(json, SQSEvent.class);
                assertThat(event.getRecords()).as(name).isNotEmpty();
                assertThat(event.getRecords().get(0).getMessageId()).as(name).isNotBlank();
                assertThat(event.getRecords().get(0).getEventSourceArn()).as(name).startsWith("arn:aws:sqs:");
            } else if (name.startsWith("dynamodb-")) {
                DynamodbEvent event = runtime.fromJson(json, DynamodbEvent.class);
                DynamodbEvent.DynamodbStreamRecord record = event.getRecords().get(0);
                assertThat(record.getEventName()).as(name).isNotBlank();
                assertThat(record.getDynamodb().getNewImage()).as(name).isNotEmpty();
                assertThat(record.getDynamodb().getNewImage().get("pk").getS()).as(name).isNotBlank();
            } else if (name.startsWith("schedule-")) {
                ScheduledEvent event = runtime.fromJson(json, ScheduledEvent.class);
                assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
                assertThat(event.getTime().getMillis()).isEqualTo(java.time.Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
            } else {
                APIGatewayV2HTTPEvent event = runtime.fromJson(json, APIGatewayV2HTTPEvent.class);
                assertThat(event.getRequestContext().getHttp().getMethod()).as(name).isNotBlank();
                assertThat(event.getRawPath()).as(name).startsWith("/");
            }
        }
    }

    @Test
    void eachKindOfAnswerIsWrittenWithTheFieldNamesLambdaReads() {
        assertThat(write(APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                .withHeaders(Map.of("content-type", "application/json")).withBody("{}").build(), APIGatewayV2HTTPResponse.class))
                .contains("\"statusCode\":201", "\"body\":\"{}\"");
        assertThat(write(SQSBatchResponse.builder().withBatchItemFailures(List.of(new SQSBatchResponse.BatchItemFailure("m-1"))).build(),
                SQSBatchResponse.class)).contains("\"batchItemFailures\"", "\"itemIdentifier\":\"m-1\"");
        assertThat(write(StreamsEventResponse.builder().withBatchItemFailures(List.of(new StreamsEventResponse.BatchItemFailure("42"))).build(),
                StreamsEventResponse.class)).contains("\"batchItemFailures\"", "\"itemIdentifier\":\"42\"");
    }

    @Test
    void aScheduledEventWhoseTimeIsNoInstantIsRefused() {
        assertThatThrownBy(() -> runtime.fromJson("{\"detail-type\":\"Scheduled Event\",\"time\":\"yesterday\"}", ScheduledEvent.class))
                .isInstanceOf(RuntimeException.class);
    }

    private String write(Object answer, Class<?> type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.toJson(answer, out, type);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path eventsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events")) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("no events/ folder above " + Path.of("").toAbsolutePath());
    }
}
