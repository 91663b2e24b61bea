package io.flashcheckout.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * A port free now, for a test that must name its ports before it starts the stack. Chosen below the kernel's
     * ephemeral range when there is room there: a process beside it that opens many connections (a rehearsal's crowd
     * uses tens of thousands) takes its local ports from that range, and could take a port picked there before the
     * stack binds it.
     */
    public static int free() {
        int below = ephemeralRangeStart();
        if (below - LOWEST_PICKED >= 1_000) {
            for (int tries = 0; tries < 50; tries++) {
                int port = LOWEST_PICKED + ThreadLocalRandom.current().nextInt(below - LOWEST_PICKED);
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
                    return port;
                } catch (IOException taken) {
                    // another one
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Above the ports services usually keep for themselves. */
    private static final int LOWEST_PICKED = 10_000;

    /** The first port of Linux's ephemeral range (32768 by default); 0 where it cannot be read (not Linux). */
    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: a /proc file says it is empty, and readString then stops short
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
