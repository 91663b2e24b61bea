package io.flashcheckout.local.rehearse;

import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.local.Ports;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded stack in a JVM of its own, so the crowd and the stack do not share one JVM's heap, JIT and
 * collector (they still share this machine's cores): {@code serve} on free loopback ports with a fresh JWT secret,
 * its output in a log file. Stopped with SIGTERM (serve's shutdown hook closes the stack), forcibly after 30 s.
 */
final class StackProcess implements AutoCloseable {
    private static final String UP = "flash-checkout local stack is up";
    private static final long START_TIMEOUT_MILLIS = 180_000;

    private final Process process;
    private final Path log;
    private final String secret;
    private final int apiPort;
    private final int dynamoDbPort;
    private final int sqsPort;
    private final int pspPort;

    private StackProcess(Process process, Path log, String secret, int[] ports) {
        this.process = process;
        this.log = log;
        this.secret = secret;
        this.apiPort = ports[0];
        this.dynamoDbPort = ports[1];
        this.sqsPort = ports[2];
        this.pspPort = ports[3];
    }

    static StackProcess start(Path log, PrintWriter out) throws IOException, InterruptedException {
        String secret = LocalTokens.generateSecret();
        int[] ports = freePorts(4);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Daws.disableEc2Metadata=true",
                // the checkout's info lines (one per order) would fill the log: warnings only
                "-Dflash-checkout.log.level=WARN",
                // the DynamoDB capacity the stack consumes, for the cost per 10,000 shoppers (CapacityMeter)
                "-D" + CapacityMeter.PROPERTY + "=" + log.resolveSibling("capacity.json").toAbsolutePath()));
        String logback = System.getProperty("logback.configurationFile");
        command.add("-Dlogback.configurationFile=" + (logback != null ? logback : "logback-local.xml"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.flashcheckout.local.LocalCommand", "serve",
                "--no-demo-sale", "--no-access-log", "--api-port", Integer.toString(ports[0]), "--dynamodb-port", Integer.toString(ports[1]),
                "--sqs-port", Integer.toString(ports[2]), "--psp-port", Integer.toString(ports[3])));
        if (log.toAbsolutePath().getParent() != null) {
            Files.createDirectories(log.toAbsolutePath().getParent());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(LocalTokens.SECRET_ENV, secret);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        out.println("Starting the embedded stack in its own JVM (pid and log below)...");
        out.flush();
        StackProcess stack = new StackProcess(builder.start(), log, secret, ports);
        // stopped with this JVM however it ends short of a kill -9, not only through close()
        Runtime.getRuntime().addShutdownHook(new Thread(stack.process::destroy, "rehearsal-stack-stop"));
        stack.awaitUp();
        out.println("  stack pid " + stack.process.pid() + ", log " + log.toAbsolutePath().normalize());
        out.flush();
        return stack;
    }

    private void awaitUp() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(UP)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("the stack's JVM ended with exit code " + process.exitValue() + " before it was up: see " + log);
            }
            Thread.sleep(200);
        }
        close();
        throw new IOException("the stack's JVM was not up after " + START_TIMEOUT_MILLIS / 1000 + " s: see " + log);
    }

    /**
     * Distinct ports free now ({@link Ports#free}: below the ephemeral range, out of reach of the crowd's own
     * connections); another process could still take one before the stack binds it, and the stack then fails fast.
     */
    private static int[] freePorts(int count) {
        java.util.Set<Integer> ports = new java.util.LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(Ports.free());
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    String jwtSecret() {
        return secret;
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + apiPort + "/");
    }

    URI dynamoDb() {
        return URI.create("http://127.0.0.1:" + dynamoDbPort);
    }

    URI sqs() {
        return URI.create("http://127.0.0.1:" + sqsPort);
    }

    URI psp() {
        return URI.create("http://127.0.0.1:" + pspPort);
    }

    String prefix() {
        return LocalStack.DEFAULT_PREFIX;
    }

    /** What the stack's DynamoDB clients consumed so far (written every second); null if nothing yet. */
    java.util.Map<String, Object> capacity() {
        return CapacityMeter.read(log.resolveSibling("capacity.json"));
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** Lines the queue workers' batches logged (failed or hopeless messages) in the stack's log. */
    long workerFailureLines() {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("QueueBatch")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
