package io.flashcheckout.bench.coldstart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jars unpacked as Lambda unpacks a deployment: classpath order, service files joined, no way out of the directory. */
class ExtractedDeploymentTest {

    @TempDir
    Path dir;

    @Test
    void theFirstJarWinsAndServiceFilesAreJoined() throws IOException {
        Path first = jar("first.jar", Map.of("a/Shared.class", "first", "a/OnlyFirst.class", "1",
                "META-INF/services/x.Service", "a.FirstImpl"));
        Path second = jar("second.jar", Map.of("a/Shared.class", "second", "b/OnlySecond.class", "2",
                "META-INF/services/x.Service", "b.SecondImpl\n"));

        Path task = ExtractedDeployment.unpack(List.of(first, second), dir.resolve("task"));

        assertThat(task.resolve("a/Shared.class")).hasContent("first");
        assertThat(task.resolve("a/OnlyFirst.class")).hasContent("1");
        assertThat(task.resolve("b/OnlySecond.class")).hasContent("2");
        assertThat(Files.readAllLines(task.resolve("META-INF/services/x.Service")).stream()
                .filter(l -> !l.isBlank()).toList()).containsExactly("a.FirstImpl", "b.SecondImpl");
    }

    @Test
    void anEntryLeadingOutOfTheDirectoryIsRefused() throws IOException {
        Path evil = jar("evil.jar", Map.of("../escaped.txt", "x"));

        assertThatThrownBy(() -> ExtractedDeployment.unpack(List.of(evil), dir.resolve("task")))
                .isInstanceOf(IOException.class).hasMessageContaining("leads out of");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> e : new LinkedHashMap<>(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
