package io.flashcheckout.local.backends;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The address the local servers listen on, and how a client on this machine writes it in a URL. */
public final class BindAddresses {
    /** 127.0.0.1, whatever the JVM prefers for "localhost". */
    public static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BindAddresses() {}

    /** The host part of a URL that reaches a server bound to {@code bound}: loopback for the wildcard address. */
    public static String urlHost(InetAddress bound) {
        if (bound.isAnyLocalAddress()) {
            return bound instanceof Inet6Address ? "[::1]" : "127.0.0.1";
        }
        String literal = bound.getHostAddress();
        return bound instanceof Inet6Address ? "[" + literal + "]" : literal;
    }
}
