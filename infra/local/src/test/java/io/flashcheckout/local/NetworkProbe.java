package io.flashcheckout.local;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Who can reach a port: this machine's own non-loopback addresses stand in for "the network". */
final class NetworkProbe {
    private NetworkProbe() {}

    /** The addresses of this machine's interfaces that are up, loopback and link-local ones left out. */
    static List<InetAddress> nonLoopbackAddresses() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(NetworkProbe::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                    .toList();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<InetAddress> nonLoopbackIpv4Addresses() {
        return nonLoopbackAddresses().stream().filter(a -> a instanceof Inet4Address).toList();
    }

    /** @return true if a TCP connection is accepted; false if it is refused */
    static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("neither accepted nor refused: " + address + ":" + port, e);
        }
    }

    /**
     * Asserts that {@code port} accepts connections on 127.0.0.1 and refuses them on each of this machine's other
     * addresses; skips the second half (an assumption) when the machine has no other address.
     */
    static void assertLoopbackOnly(String what, int port) {
        assertThat(accepts(InetAddress.getLoopbackAddress(), port)).as(what + " on 127.0.0.1:" + port).isTrue();
        List<InetAddress> others = nonLoopbackAddresses();
        assumeFalse(others.isEmpty(), "this machine has no non-loopback address to try");
        for (InetAddress other : others) {
            assertThat(accepts(other, port)).as(what + " must refuse " + other.getHostAddress() + ":" + port).isFalse();
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
