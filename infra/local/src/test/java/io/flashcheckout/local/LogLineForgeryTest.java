package io.flashcheckout.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashcheckout.observability.JsonLogConfigurator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer id or a header holding CR/LF must not forge a log line: each configuration in the repository, loaded
 * as it is, turns one event into exactly one line.
 */
class LogLineForgeryTest {
    private static final String FORGED = "\r\n12:00:00.000 ERROR io.flashcheckout.Payments - refund approved";
    private static final String MESSAGE = "reserve refused for alice" + FORGED + " \u001b[2J\u2028done";
    private static final String CUSTOMER = "alice" + FORGED;

    /** The local tool's (infra/local) and the functions' tests' plain-text layouts. */
    @ParameterizedTest
    @ValueSource(strings = {"logback-local.xml", "logback-test.xml"})
    void aPlainTextLayoutWritesOneLineWithCrAndLfEscaped(String configuration) throws Exception {
        List<String> lines = logOnce(configuration).lines().toList();

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("reserve refused for alice\\r\\n12:00:00.000 ERROR")
                .contains(" ?[2J?done").doesNotContain("\u001b");
        if (configuration.equals("logback-test.xml")) {
            assertThat(lines.get(0)).contains("customerId=alice\\r\\n12:00:00.000 ERROR");
        }
    }

    /**
     * The functions' JSON lines (configured in code, {@code JsonLogConfigurator}) escape by themselves (JSON strings
     * cannot hold a raw CR or LF): checked, not changed.
     */
    @Test
    void theFunctionsJsonEncoderWritesOneLineThatReadsBackAsLogged() throws Exception {
        List<String> lines = logOnce(context -> JsonLogConfigurator.applyTo(context, Level.INFO)).lines().toList();

        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("formattedMessage").asText()).isEqualTo(MESSAGE);
        assertThat(line.get("mdc").get("customerId").asText()).isEqualTo(CUSTOMER);
    }

    /** Logs one INFO event, with {@link #CUSTOMER} in the MDC, through the XML {@code configuration}; returns what it wrote. */
    private static String logOnce(String configuration) throws Exception {
        List<URL> found = Collections.list(LogLineForgeryTest.class.getClassLoader().getResources(configuration));
        assertThat(found).as(configuration + " on the class path").hasSize(1);
        return logOnce(context -> {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            try {
                configurator.doConfigure(found.get(0));
            } catch (JoranException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Logs one INFO event, with {@link #CUSTOMER} in the MDC, through a context {@code configure} sets up. */
    private static String logOnce(Consumer<LoggerContext> configure) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            configure.accept(context);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            context.getMDCAdapter().put("customerId", CUSTOMER);
            context.getLogger("io.flashcheckout.checkout.ReserveService").info(MESSAGE);
        } finally {
            System.setOut(stdout);
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
