package io.flashcheckout.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks, before anything starts, that the ports the stack wants are free. */
public final class Ports {
    private Ports() {}

    /** Thrown when a port is taken; its message names the port and the option that sets it. */
    public static final class PortInUseException extends RuntimeException {
        PortInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param wanted what each port is for (e.g. "--api-port") -> the port; 0 means "any free port" and is not checked
     * @throws PortInUseException naming the first port that is taken (or asked for twice)
     */
    static void requireFree(Map<String, Integer> wanted) {
        Map<Integer, String> seen = new LinkedHashMap<>();
        wanted.forEach((option, port) -> {
            if (port == 0) {
                return;
            }
            String other = seen.putIfAbsent(port, option);
            if (other != null) {
                throw new PortInUseException("port " + port + " is given to both " + other + " and " + option, null);
            }
            // the wildcard address collides with a server on any address of this port, whichever --bind-address
            // the stack will use
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            } catch (IOException taken) {
                throw new PortInUseException("port " + port + " (" + option + ") is already in use; stop what "
                        + "listens there or choose another port with " + option + " <port>", taken);
            }
        });
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
