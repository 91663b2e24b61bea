package io.flashcheckout.local.cli;

import io.flashcheckout.queue.QueueNames;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --queue hold-expiry}: a queue by its name without the prefix; also the candidates shown in the help. */
final class QueueBaseNames implements ITypeConverter<QueueNames>, Iterable<String> {
    private static final List<String> NAMES = Arrays.stream(QueueNames.values()).map(QueueNames::baseName).toList();

    @Override
    public QueueNames convert(String value) {
        return Arrays.stream(QueueNames.values()).filter(q -> q.baseName().equals(value)).findFirst()
                .orElseThrow(() -> new TypeConversionException("unknown queue '" + value + "', expected one of "
                        + String.join(", ", NAMES)));
    }

    @Override
    public Iterator<String> iterator() {
        return NAMES.iterator();
    }
}
