package io.flashcheckout.lambdaevents;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.util.NullableSerde;
import jakarta.inject.Singleton;

import java.io.IOException;

import org.joda.time.DateTime;
import org.joda.time.format.DateTimeFormatter;
import org.joda.time.format.ISODateTimeFormat;

/**
 * The scheduled event's {@code time} (a Joda {@link DateTime} in aws-lambda-java-events), as ISO-8601 text, e.g.
 * {@code 2026-11-23T10:00:00Z}. Text that is no such instant is refused as bad input, not read as something else.
 */
@Singleton
public final class JodaDateTimeSerde implements NullableSerde<DateTime> {
    private static final DateTimeFormatter ISO = ISODateTimeFormat.dateTimeParser().withOffsetParsed();

    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends DateTime> type, DateTime value)
            throws IOException {
        encoder.encodeString(value.toString());
    }

    @Override
    public DateTime deserializeNonNull(Decoder decoder, DecoderContext context, Argument<? super DateTime> type)
            throws IOException {
        String text = decoder.decodeString();
        try {
            return ISO.parseDateTime(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("not an ISO-8601 date and time: " + text.substring(0, Math.min(text.length(), 40)), e);
        }
    }
}
