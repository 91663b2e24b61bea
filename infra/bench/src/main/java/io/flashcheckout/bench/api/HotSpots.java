package io.flashcheckout.bench.api;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top consumers in a flight recording of the local stack, counting only samples taken while the API was being
 * measured: by hot method (the frame on top), by part of the stack (the first frame that is not the JDK's own, so
 * a JDK collection or socket call counts against whoever called it), by part on the stack at all (inclusive), and
 * by thread. Java code only: JFR's execution samples do not see native code, so SQLite's work inside DynamoDB Local
 * (JNI) is counted from the native-method samples separately.
 */
final class HotSpots {
    /** Parts of the stack, first match wins; a class matching none counts under its package's first segments. */
    private static final Map<String, String> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("io.flashcheckout.local.", "local stack's HTTP front and workers (io.flashcheckout.local)");
        PARTS.put("io.flashcheckout.http.", "checkout: http (step handlers, problems)");
        PARTS.put("io.flashcheckout.identity.", "checkout: identity (token check)");
        PARTS.put("io.flashcheckout.observability.", "checkout: observability (invocation, logs, metrics)");
        PARTS.put("io.flashcheckout.", "checkout: domain, store, queue, wiring");
        PARTS.put("io.micronaut.function.", "Micronaut function-aws (the request handler)");
        PARTS.put("io.micronaut.security.", "Micronaut security");
        PARTS.put("io.micronaut.http.", "Micronaut HTTP (router, filters, binding)");
        PARTS.put("io.micronaut.web.", "Micronaut HTTP (router, filters, binding)");
        PARTS.put("io.micronaut.serde.", "Micronaut serde");
        PARTS.put("io.micronaut.", "Micronaut core, inject, context");
        PARTS.put("reactor.", "Reactor");
        PARTS.put("org.reactivestreams.", "Reactor");
        PARTS.put("com.fasterxml.jackson.", "Jackson");
        PARTS.put("com.nimbusds.", "Nimbus JOSE (JWT)");
        PARTS.put("ch.qos.logback.", "logback / slf4j");
        PARTS.put("org.slf4j.", "logback / slf4j");
        PARTS.put("software.amazon.lambda.powertools.", "Powertools (logging, metrics)");
        PARTS.put("software.amazon.awssdk.", "AWS SDK v2 (the functions' clients)");
        PARTS.put("com.amazonaws.services.lambda.", "Lambda events (aws-lambda-java-events)");
        PARTS.put("com.amazonaws.services.dynamodbv2.", "DynamoDB Local (request handling)");
        PARTS.put("com.amazon.dynamodb.", "DynamoDB Local (request handling)");
        PARTS.put("com.almworks.sqlite4java.", "DynamoDB Local: sqlite4java");
        PARTS.put("org.eclipse.jetty.", "Jetty (DynamoDB Local's HTTP server)");
        PARTS.put("org.elasticmq.", "ElasticMQ / Pekko (SQS)");
        PARTS.put("org.apache.pekko.", "ElasticMQ / Pekko (SQS)");
        PARTS.put("scala.", "ElasticMQ / Pekko (SQS)");
        PARTS.put("io.flashcheckout.psp.", "PSP simulator");
        PARTS.put("sun.net.httpserver.", "JDK HttpServer (the local API's server)");
        PARTS.put("com.sun.net.httpserver.", "JDK HttpServer (the local API's server)");
        PARTS.put("sun.net.www.", "JDK HttpURLConnection (the functions' SDK clients)");
    }

    private static final Pattern SDK_CLIENT = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.\\w+\\.Default(\\w+)Client");
    private static final String DYNAMODB_LOCAL_HANDLER = "com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler";
    private static final Pattern ELASTICMQ_DIRECTIVE = Pattern.compile(
            "org\\.elasticmq\\.rest\\.sqs\\.((?:Send|Receive|Delete|Create|Get|Change|Purge|List|Set)\\w*)Directives.*");
    private static final Set<String> DYNAMODB_LOCAL_HELPERS = Set.of("getHandler", "getDBAccess", "getTableInfo");
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    record Window(Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    private final Map<String, Long> methods = new HashMap<>();
    private final Map<String, Long> selfParts = new HashMap<>();
    private final Map<String, Long> inclusiveParts = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> calls = new HashMap<>();
    private long samples;
    private long nativeSamples;
    private long sqliteNativeSamples;
    private double jvmCpu;
    private double machineCpu;
    private long cpuLoadEvents;
    private long gcPauseNanos;
    private long gcs;

    /** Reads the recording, counting what falls in any of the windows. */
    static HotSpots of(Path recording, List<Window> windows) {
        HotSpots hot = new HotSpots();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (windows.stream().anyMatch(w -> w.contains(event.getStartTime()))) {
                    hot.count(event);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flight recording " + recording, e);
        }
        return hot;
    }

    private void count(RecordedEvent event) {
        switch (event.getEventType().getName()) {
            case "jdk.ExecutionSample" -> sample(event);
            case "jdk.NativeMethodSample" -> {
                nativeSamples++;
                RecordedStackTrace stack = event.getStackTrace();
                if (stack != null && !stack.getFrames().isEmpty()
                        && className(stack.getFrames().get(0)).startsWith("com.almworks.sqlite4java.")) {
                    sqliteNativeSamples++;
                }
            }
            case "jdk.CPULoad" -> {
                jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                machineCpu += event.getFloat("machineTotal");
                cpuLoadEvents++;
            }
            case "jdk.GarbageCollection" -> {
                gcs++;
                gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
            }
            default -> { }
        }
    }

    private void sample(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        RecordedFrame top = frames.get(0);
        methods.merge(className(top) + "." + top.getMethod().getName(), 1L, Long::sum);
        String self = null;
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String cls = className(frame);
            String part = part(cls);
            if (part != null) {
                seen.add(part);
                if (self == null) {
                    self = part;
                }
            } else if (self == null && JDK.stream().noneMatch(cls::startsWith)) {
                self = packageOf(cls);
                seen.add(self);
            }
        }
        selfParts.merge(self == null ? "JDK only (" + packageOf(className(top)) + ")" : self, 1L, Long::sum);
        seen.forEach(p -> inclusiveParts.merge(p, 1L, Long::sum));
        String call = call(frames);
        if (call != null) {
            calls.merge(call, 1L, Long::sum);
        }
        RecordedThread thread = event.getThread("sampledThread");
        String name = thread == null ? "?" : thread.isVirtual() ? "virtual threads" : thread.getJavaName();
        threads.merge(name == null ? "?" : name.replaceAll("\\d+", "#"), 1L, Long::sum);
    }

    /**
     * The AWS call a sample serves, on either side: the SDK client's operation (the functions' and the workers'
     * calls), DynamoDB Local's handler of it, or ElasticMQ's directive; the outermost one found.
     */
    private static String call(List<RecordedFrame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String cls = className(frames.get(i));
            String method = frames.get(i).getMethod().getName();
            Matcher client = SDK_CLIENT.matcher(cls);
            if (client.matches() && !method.startsWith("resolve") && !method.startsWith("lambda$")) {
                return "SDK client " + client.group(1) + "." + method;
            }
            if (cls.equals(DYNAMODB_LOCAL_HANDLER) && !DYNAMODB_LOCAL_HELPERS.contains(method) && !method.startsWith("lambda$")) {
                return "DynamoDB Local serving " + method;
            }
            Matcher sqs = ELASTICMQ_DIRECTIVE.matcher(cls);
            if (sqs.matches()) {
                return "ElasticMQ serving " + sqs.group(1);
            }
        }
        return null;
    }

    private static String className(RecordedFrame frame) {
        return frame.getMethod().getType().getName();
    }

    private static String part(String cls) {
        for (Map.Entry<String, String> p : PARTS.entrySet()) {
            if (cls.startsWith(p.getKey())) {
                return p.getValue();
            }
        }
        return null;
    }

    private static String packageOf(String cls) {
        String[] segments = cls.split("\\.");
        int keep = Math.min(segments.length - 1, 3);
        return String.join(".", java.util.Arrays.copyOf(segments, Math.max(1, keep)));
    }

    void print(PrintStream out, int top) {
        out.printf("  %d execution samples (Java code running) while the API was measured; %d native-method samples, %d of"
                + " them in SQLite (sqlite4java, DynamoDB Local's store)%n", samples, nativeSamples, sqliteNativeSamples);
        if (cpuLoadEvents > 0) {
            out.printf("  CPU (jdk.CPULoad, mean): the stack's JVM %.0f %%, the whole machine %.0f %% (of all cores)%n",
                    100 * jvmCpu / cpuLoadEvents, 100 * machineCpu / cpuLoadEvents);
        }
        out.printf("  GC: %d collections, %.0f ms of pauses%n", gcs, gcPauseNanos / 1e6);
        table(out, "where the CPU goes, by part (the first frame that is not the JDK's: self time)", selfParts, top);
        table(out, "parts on the stack at all (inclusive; one sample counts for each part it passes through)", inclusiveParts, top);
        table(out, "AWS calls the samples served (client side: the SDK's work for the call; server side: DynamoDB Local "
                + "or ElasticMQ handling it)", calls, top);
        table(out, "hot methods (the frame on top)", methods, top);
        table(out, "threads", threads, 8);
    }

    private void table(PrintStream out, String title, Map<String, Long> counts, int top) {
        out.println("  " + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.printf("    %5.1f %%  %6d  %s%n", samples == 0 ? 0 : 100.0 * e.getValue() / samples,
                        e.getValue(), e.getKey()));
    }

    long samples() {
        return samples;
    }
}
