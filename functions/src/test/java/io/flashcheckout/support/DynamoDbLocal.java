package io.flashcheckout.support;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;

import java.net.URI;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local server for the whole test JVM, in-process, over HTTP on a free loopback port, so the
 * SDK's real HTTP path is exercised. Tests isolate themselves with table prefixes, not servers.
 *
 * <p>Not through DynamoDB Local's {@code ServerRunner}: its Jetty connector listens on every interface. This builds
 * the same Jetty server and handler with a connector on 127.0.0.1, and no CORS allow-list (infra/local's
 * {@code LocalDynamoDb} does the same for the local stack).
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
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            try {
                // in memory, one database per access key and region (as before), no CORS allow-list
                LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(
                        new LocalDynamoDBRequestHandler(0, true, null, false, false), null);
                jetty.setHandler(new ContextHandler(handler));
                jetty.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        jetty.stop();
                        handler.close();
                    } catch (Exception ignored) {
                        // the JVM is going away anyway
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
            instance = new DynamoDbLocal(URI.create("http://127.0.0.1:" + connector.getLocalPort()));
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
}
