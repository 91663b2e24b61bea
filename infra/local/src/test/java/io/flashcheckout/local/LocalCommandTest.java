package io.flashcheckout.local;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

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
    void aPortInUseIsNamedAndExitsWith2BeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            CommandLine serve = new CommandLine(new ServeCommand(Map.<String, String>of()::get));
            serve.setOut(new PrintWriter(new StringWriter()));
            serve.setErr(new PrintWriter(err));

            int exit = serve.execute("--api-port", "0", "--dynamodb-port", "0", "--sqs-port", "0",
                    "--psp-port", Integer.toString(taken.getLocalPort()));

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).contains("port " + taken.getLocalPort() + " (--psp-port) is already in use");
        }
    }

    @Test
    void aShortJwtSecretIsRefusedWith2() {
        StringWriter err = new StringWriter();
        CommandLine serve = new CommandLine(new ServeCommand(Map.of(LocalTokens.SECRET_ENV, "too-short")::get));
        serve.setErr(new PrintWriter(err));

        assertThat(serve.execute()).isEqualTo(2);
        assertThat(err.toString()).contains("FLASH_CHECKOUT_JWT_SECRET", "at least 32 bytes");
    }
}
