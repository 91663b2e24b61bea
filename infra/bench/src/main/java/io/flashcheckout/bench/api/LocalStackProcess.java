package io.flashcheckout.bench.api;

import io.flashcheckout.local.LocalTokens;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack ({@code flash-checkout-local serve}) in a JVM of its own, as a developer starts it: the same classes
 * as this JVM's classpath, the flags of the module's {@code exec:exec}, free ports on 127.0.0.1, no demo sale, and the
 * JWT secret given through its environment so this side can mint its tokens. Its output goes to {@code stack.log}.
 */
final class LocalStackProcess implements AutoCloseable {
    static final String READY_LINE = "local stack is up";
    private static final String MAIN = "io.flashcheckout.local.LocalCommand";

    private final Process process;
    private final Path log;
    private final URI api;
    private final URI dynamoDb;
    private final List<String> command;
    /** Stops the stack if this JVM ends first (Ctrl-C on the benchmark), so no stack is left running. */
    private final Thread stopOnExit;

    private LocalStackProcess(Process process, Path log, URI api, URI dynamoDb, List<String> command) {
        this.process = process;
        this.stopOnExit = new Thread(process::destroy, "stop-local-stack");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        this.log = log;
        this.api = api;
        this.dynamoDb = dynamoDb;
        this.command = command;
    }

    /**
     * Starts the stack and waits until it says it is up.
     *
     * @param jvmFlags flags for its JVM beyond the module's own (e.g. a flight recording)
     */
    static LocalStackProcess start(Path work, String secret, List<String> jvmFlags, Duration timeout) {
        int apiPort = freePort();
        int dynamoDbPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // as infra/local's exec:exec and LocalCommand.main run it
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Daws.disableEc2Metadata=true");
        command.add("-Dlogback.configurationFile=logback-local.xml");
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.addAll(List.of("serve", "--no-demo-sale",
                "--api-port", Integer.toString(apiPort), "--dynamodb-port", Integer.toString(dynamoDbPort),
                "--sqs-port", Integer.toString(freePort()), "--psp-port", Integer.toString(freePort())));
        Path log = work.resolve("stack.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(LocalTokens.SECRET_ENV, secret);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the local stack's JVM did not start: " + e.getMessage(), e);
        }
        LocalStackProcess stack = new LocalStackProcess(process, log, URI.create("http://127.0.0.1:" + apiPort),
                URI.create("http://127.0.0.1:" + dynamoDbPort), command);
        stack.awaitReady(timeout);
        return stack;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String printed = printed();
            if (printed.contains(READY_LINE)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the local stack ended (exit " + process.exitValue() + ") before it was up:\n"
                        + tail(printed));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while the local stack started", e);
            }
        }
        close();
        throw new IllegalStateException("the local stack was not up after " + timeout.toSeconds() + " s:\n" + tail(printed()));
    }

    private String printed() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI api() {
        return api;
    }

    URI dynamoDb() {
        return dynamoDb;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The command line, the classpath shortened to its number of entries. */
    String describe() {
        List<String> shown = new ArrayList<>(command);
        int cp = shown.indexOf("-cp");
        shown.set(cp + 1, "<this JVM's classpath: " + shown.get(cp + 1).split(File.pathSeparator).length + " entries>");
        shown.set(0, "java");
        return String.join(" ", shown);
    }

    /** Stops it as Ctrl-C would (its shutdown hook closes the stack; a flight recording is written then). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the stack
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
