package io.flashcheckout.support;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local server for the whole test JVM, in-process, over HTTP on a free loopback port, so the
 * SDK's real HTTP path is exercised. Tests isolate themselves with table prefixes, not servers.
 */
public final class DynamoDbLocal {
    private static DynamoDbLocal instance;

    private final URI endpoint;
    private final DynamoDbClient client;

    private DynamoDbLocal(URI endpoint) {
        this.endpoint = endpoint;
        this.client = newClient();
    }

    public static synchronized DynamoDbLocal shared() {
        if (instance == null) {
            int port = freePort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.stop();
                    } catch (Exception ignored) {
                        // the JVM is going away anyway
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
            instance = new DynamoDbLocal(URI.create("http://127.0.0.1:" + port));
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The shared client: thread-safe, enough for tests that run many threads through one client. */
    public DynamoDbClient client() {
        return client;
    }

    public DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
