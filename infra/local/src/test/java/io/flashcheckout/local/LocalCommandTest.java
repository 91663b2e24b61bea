package io.flashcheckout.local;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class LocalCommandTest {

    @Test
    void withoutASubcommandTheStackIsServed() {
        assertThat(LocalCommand.withDefaultSubcommand(new String[0])).containsExactly("serve");
        assertThat(LocalCommand.withDefaultSubcommand(new String[] {"--api-port", "8081"}))
                .containsExactly("serve", "--api-port", "8081");
        assertThat(LocalCommand.withDefaultSubcommand(new String[] {"token", "--admin"})).containsExactly("token", "--admin");
        assertThat(LocalCommand.withDefaultSubcommand(new String[] {"--help"})).containsExactly("--help");
    }

    @Test
    void theCompletionScriptCompletesSubcommandsAndTheirOptionsInBash() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new LocalCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(LocalCommand.withDefaultSubcommand(new String[] {"completion"}))).isZero();
        String script = out.toString();
        assertThat(script).contains("complete -F _complete_flash-checkout", "flash-checkout");

        assertThat(completions(script, "flash-checkout", "re")).containsExactlyInAnyOrder("refunds", "rehearse");
        assertThat(completions(script, "flash-checkout", "")).contains("serve", "token", "refunds", "dlq", "rehearse", "completion");
        assertThat(completions(script, "flash-checkout", "rehearse", "--admission-")).contains("--admission-rate");
        assertThat(completions(script, "flash-checkout", "serve", "--api")).containsExactly("--api-port");
    }

    /** What bash offers after {@code words} with the script sourced, as when the user presses Tab. */
    private static List<String> completions(String script, String... words) throws Exception {
        Path file = Files.createTempFile("flash-checkout-completion", ".bash");
        try {
            Files.writeString(file, script);
            StringBuilder array = new StringBuilder();
            for (String word : words) {
                array.append(" '").append(word).append('\'');
            }
            String probe = "source '" + file + "'\n"
                    + "COMP_WORDS=(" + array + " )\nCOMP_CWORD=" + (words.length - 1) + "\n"
                    + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                    + "_complete_flash-checkout flash-checkout \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                    + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
            // stderr: compopt says it runs outside a real completion, which is only what this probe is
            Process bash = new ProcessBuilder("bash", "-c", probe).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor()).as(answer).isZero();
            return answer.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
