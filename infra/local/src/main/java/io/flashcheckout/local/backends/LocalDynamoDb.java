package io.flashcheckout.local.backends;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * DynamoDB Local in this JVM, serving HTTP on one address and port, in memory or in a data directory, one shared
 * database whatever credentials and region a client uses (it checks no signatures: bind it to loopback).
 *
 * <p>DynamoDB Local's own {@code ServerRunner} builds {@code new Server(port)}, a Jetty connector on every interface,
 * with no option to choose one. This builds the same Jetty server around the same request handler, but with a
 * connector on the given address. Telemetry is never configured, so none is sent.
 */
public final class LocalDynamoDb implements AutoCloseable {
    /**
     * DynamoDB Local's CORS allow-list: null leaves it empty, so no response carries Access-Control-Allow-Origin.
     * (Its {@code -cors} option documents {@code *} as the default, but only a missing option leaves the list empty.)
     */
    static final String NO_CORS_ORIGINS = null;

    private final Server jetty;
    private final LocalDynamoDBServerHandler handler;
    private final LocalDynamoDBRequestHandler requests;
    private final ServerConnector connector;
    private final URI endpoint;
    /** the RAM directory of a database that lives as long as this server ({@link ScratchDatabase}), or null */
    private final Path scratch;

    private LocalDynamoDb(Server jetty, LocalDynamoDBServerHandler handler, LocalDynamoDBRequestHandler requests,
                          ServerConnector connector, URI endpoint, Path scratch) {
        this.jetty = jetty;
        this.handler = handler;
        this.requests = requests;
        this.scratch = scratch;
        this.connector = connector;
        this.endpoint = endpoint;
    }

    /** On 127.0.0.1. */
    public static LocalDynamoDb start(int port, Path dataDir) {
        return start(BindAddresses.LOOPBACK, port, dataDir);
    }

    /**
     * @param address where to listen; the wildcard address listens on every interface
     * @param port    the port; 0 picks a free one
     * @param dataDir where the database file lives, created if missing; null: a database gone when this server stops
     *                (in RAM, see {@link ScratchDatabase})
     */
    public static LocalDynamoDb start(InetAddress address, int port, Path dataDir) {
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the DynamoDB data directory " + dataDir, e);
            }
        }
        Path scratch = dataDir == null ? ScratchDatabase.create().orElse(null) : null;
        Path database = dataDir != null ? dataDir : scratch;
        Server jetty = new Server();
        LocalDynamoDBServerHandler handler = null;
        try {
            // authority level 0, shared database, no artificial delays of table statuses: what ServerRunner passes
            LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, database == null,
                    database == null ? null : database.toAbsolutePath().toString(), true, false);
            SqliteTuning.apply(requests, scratch != null);
            handler = new LocalDynamoDBServerHandler(requests, NO_CORS_ORIGINS);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(address.getHostAddress());
            connector.setPort(port);
            jetty.addConnector(connector);
            jetty.setHandler(new ContextHandler(handler));
            jetty.start();
            URI endpoint = URI.create("http://" + BindAddresses.urlHost(address) + ":" + connector.getLocalPort());
            return new LocalDynamoDb(jetty, handler, requests, connector, endpoint, scratch);
        } catch (Exception e) {
            try {
                stop(jetty, handler, scratch);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw new IllegalStateException("DynamoDB Local did not start on " + address.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** How DynamoDB Local's SQLite would run {@code sql} ({@code EXPLAIN QUERY PLAN}): what its tests look at. */
    List<String> queryPlan(String sql) {
        return SqliteTuning.plan(requests, sql);
    }

    /** A setting of DynamoDB Local's SQLite connection ({@code PRAGMA name}): what its tests look at. */
    String sqliteSetting(String name) {
        return SqliteTuning.setting(requests, name);
    }

    /** The address and port the listening socket is bound to. */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
    }

    @Override
    public void close() {
        stop(jetty, handler, scratch);
    }

    private static void stop(Server jetty, LocalDynamoDBServerHandler handler, Path scratch) {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        } finally {
            try {
                if (handler != null) {
                    handler.close();
                }
            } finally {
                if (scratch != null) {
                    ScratchDatabase.remove(scratch);
                }
            }
        }
    }
}
