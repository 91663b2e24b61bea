package io.flashcheckout.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.flashcheckout.checkout.CheckoutEvent;
import io.flashcheckout.checkout.CheckoutMetrics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkout's counts as CloudWatch metrics in Embedded Metric Format: each invocation that counted something
 * writes one EMF record (one JSON line) to standard output, where Lambda's log stream carries it to CloudWatch.
 * Written with jackson-core's streaming generator, which micronaut-serde already loads: no object mapper, no EMF
 * library (Powertools' brought Jackson databind and 500 classes to every function's cold start). A Lambda container
 * runs one invocation at a time; the lock only keeps a stray thread honest.
 */
public final class EmfCheckoutMetrics implements CheckoutMetrics {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CheckoutEvent[] EVENTS = CheckoutEvent.values();

    private final String namespace;
    private final Map<String, String> dimensions;
    private final PrintStream out;
    private final Clock clock;
    private final long[] counts = new long[EVENTS.length];
    private boolean counted;

    /**
     * @param dimensions one dimension set, in the order CloudWatch shows it (e.g. Service, Stage)
     * @param out        where each record is written as one line (standard output on Lambda)
     */
    public EmfCheckoutMetrics(String namespace, Map<String, String> dimensions, PrintStream out, Clock clock) {
        this.namespace = namespace;
        this.dimensions = new LinkedHashMap<>(dimensions);
        this.out = out;
        this.clock = clock;
    }

    @Override
    public synchronized void count(CheckoutEvent event, long times) {
        if (times > 0) {
            counts[event.ordinal()] += times;
            counted = true;
        }
    }

    /** Nothing counted, nothing written: a read or an idle sweep leaves no empty record. */
    @Override
    public synchronized void publish() {
        if (!counted) {
            return;
        }
        String record = record();
        java.util.Arrays.fill(counts, 0);
        counted = false;
        // one write of the whole line, so a line of another thread cannot land inside it
        out.print(record + System.lineSeparator());
        out.flush();
    }

    /** {@code {"_aws":{"Timestamp":..,"CloudWatchMetrics":[{"Namespace":..,"Dimensions":[[..]],"Metrics":[..]}]},"Service":..,"Reservations":2}} */
    private String record() {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", clock.millis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            for (String dimension : dimensions.keySet()) {
                json.writeString(dimension);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (CheckoutEvent event : EVENTS) {
                if (counts[event.ordinal()] > 0) {
                    json.writeStartObject();
                    json.writeStringField("Name", event.metricName());
                    json.writeStringField("Unit", "Count");
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                json.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (CheckoutEvent event : EVENTS) {
                if (counts[event.ordinal()] > 0) {
                    json.writeNumberField(event.metricName(), counts[event.ordinal()]);
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }
}
