package io.flashcheckout.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A port a test picks for the stack is one no outgoing connection can take meanwhile. */
class PortsTest {

    @Test
    void aPickedPortIsBelowTheEphemeralRangeAndFree() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        assumeTrue(Files.isReadable(range), "Linux");
        int ephemeralStart = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
        assumeTrue(ephemeralStart > 11_000, "an ephemeral range that leaves room below it");

        for (int i = 0; i < 20; i++) {
            int port = Ports.free();

            assertThat(port).isBetween(10_000, ephemeralStart - 1);
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            }
        }
    }
}
