package io.flashcheckout.local.cli;

import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve}'s options and the errors it answers before anything starts. */
class ServeCommandTest {

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

    @Test
    void channelClientsThatAreNotAppClientIdsAreRefusedWith2() {
        for (String bad : new String[] {"channel lazada", "a,,b", "x".repeat(129), "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u"}) {
            StringWriter err = new StringWriter();
            CommandLine serve = new CommandLine(new ServeCommand(Map.<String, String>of()::get));
            serve.setOut(new PrintWriter(new StringWriter()));
            serve.setErr(new PrintWriter(err));

            assertThat(serve.execute("--channel-clients", bad)).as(bad).isEqualTo(2);
            assertThat(err.toString()).contains("--channel-clients");
        }
        assertThat(System.getProperty(LocalStack.CHANNEL_CLIENTS)).isNull();
    }

    @Test
    void serveBindsLoopbackUnlessTheBindAddressOptionSaysOtherwise() {
        ServeCommand byDefault = CommandLine.populateCommand(new ServeCommand(Map.<String, String>of()::get));
        ServeCommand everywhere = CommandLine.populateCommand(new ServeCommand(Map.<String, String>of()::get),
                "--bind-address", "0.0.0.0");
        String help = new CommandLine(new ServeCommand(Map.<String, String>of()::get)).getUsageMessage().replaceAll("\\s+", " ");

        assertThat(byDefault.bindAddress.getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(everywhere.bindAddress.isAnyLocalAddress()).isTrue();
        assertThat(help).contains("--bind-address=ADDRESS", "Default: 127.0.0.1");
    }
}
