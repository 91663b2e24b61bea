package io.flashcheckout.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local in this JVM, serving HTTP on a port (all interfaces: it has no option to bind one), in memory or
 * in a data directory, one shared database whatever credentials and region a client uses.
 */
final class LocalDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * @param port    the port; 0 picks a free one
     * @param dataDir where the database file lives, created if missing; null keeps everything in memory
     */
    static LocalDynamoDb start(int port, Path dataDir) {
        int actualPort = port == 0 ? Ports.free() : port;
        List<String> args = new ArrayList<>();
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the DynamoDB data directory " + dataDir, e);
            }
            args.add("-dbPath");
            args.add(dataDir.toAbsolutePath().toString());
        }
        args.addAll(List.of("-port", Integer.toString(actualPort), "-disableTelemetry", "-sharedDb"));
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new LocalDynamoDb(server, actualPort);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + actualPort + ": " + e.getMessage(), e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
