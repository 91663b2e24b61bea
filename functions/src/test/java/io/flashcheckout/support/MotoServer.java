package io.flashcheckout.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** moto_server (Python moto: DynamoDB with streams, SQS, Secrets Manager) on a free loopback port, when it is on the PATH. */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** @return null when moto_server is not installed (the caller skips its test) */
    public static MotoServer startIfInstalled() {
        Path executable = onPath("moto_server");
        if (executable == null) {
            return null;
        }
        URI endpoint = URI.create("http://127.0.0.1:" + freePort());
        try {
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(endpoint.getPort()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            MotoServer moto = new MotoServer(process, endpoint);
            moto.waitUntilUp();
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException("moto_server did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    private void waitUntilUp() {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                client.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    close();
                    throw new IllegalStateException("moto_server did not start on " + endpoint);
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
