package io.flashcheckout.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code infra/template.yaml} (or another SAM template of the repository) as CloudFormation receives it: the SAM transform CI runs ({@code .ci/sam-transform.py}),
 * run offline. Skips the calling test (a JUnit assumption) where python3 or samtranslator is missing; CI has both.
 */
final class SamTransform {
    private SamTransform() {}

    /** The expanded template's root. */
    static JsonNode expanded(Path workDir) throws IOException, InterruptedException {
        return expanded(workDir, "../template.yaml");
    }

    /** @param template a SAM template, relative to infra/local (e.g. {@code ../rehearsal/template.yaml}) */
    static JsonNode expanded(Path workDir, String template) throws IOException, InterruptedException {
        Path out = workDir.resolve("expanded.json");
        Path log = workDir.resolve("transform.log");
        Process transform;
        try {
            transform = new ProcessBuilder("python3", "../../.ci/sam-transform.py", template, out.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException noPython) {
            assumeTrue(false, "python3 is not on the PATH");
            return null;
        }
        assumeTrue(transform.waitFor(120, TimeUnit.SECONDS), "the SAM transform did not finish");
        String output = Files.readString(log);
        assumeTrue(!output.contains("No module named 'samtranslator'"), "samtranslator is not installed");
        assertThat(transform.exitValue()).as(output).isZero();
        return new ObjectMapper().readTree(out.toFile());
    }
}
