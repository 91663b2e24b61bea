package io.flashcheckout.local.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An option value that is an ISO date (the start of that day, UTC) or an ISO instant. */
final class DayOrInstant implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is neither an ISO date (2026-11-01) nor an ISO instant "
                    + "(2026-11-01T12:00:00Z)");
        }
    }
}
