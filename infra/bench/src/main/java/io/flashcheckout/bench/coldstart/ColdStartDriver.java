package io.flashcheckout.bench.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child JVM of the cold-start benchmark, standing in for the Lambda runtime: creates the handler (Lambda's
 * init phase), hands it one API Gateway HTTP API v2 event for {@code POST /sales/{saleId}/reservations}, and
 * prints the answer's status at once ({@value #ANSWER}), then its own figures ({@value #STATS}).
 *
 * <p>It uses only the JDK and aws-lambda-java-core/events (both in the Lambda jar), so its classpath can be the
 * function's jar and this class alone. Arguments: the handler class, the sale id, the bearer token, the
 * Idempotency-Key, and optionally {@code halt} (exit right after the answer, for class-loading logs).
 */
public final class ColdStartDriver {
    static final String ANSWER = "@@cold-start answer ";
    static final String STATS = "@@cold-start stats ";
    static final String ERROR = "@@cold-start error ";
    static final String EAGER = "#eager-singletons";
    /** Suffix of a handler spec: start an empty Micronaut context first, then make the handler (Micronaut's own floor). */
    static final String EMPTY_CONTEXT = "#empty-micronaut-context";
    /** The empty context, kept referenced for the JVM's life as a function's context would be. */
    private static Object emptyContext;
    /** Suffix of a handler spec: before the request, do what SnapStart does before its snapshot (and after restoring it). */
    static final String PRIMED = "#snapstart-primed";

    private ColdStartDriver() {}

    public static void main(String[] args) {
        long mainAt = System.nanoTime();
        try {
            run(args, mainAt);
        } catch (Throwable e) {
            System.out.println(ERROR + e);
            e.printStackTrace();
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static void run(String[] args, long mainAt) throws Exception {
        String handlerClass = args[0];
        String saleId = args[1];
        String token = args[2];
        String idempotencyKey = args[3];
        boolean halt = args.length > 4 && args[4].equals("halt");

        boolean primed = handlerClass.endsWith(PRIMED);
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) newHandler(
                        primed ? handlerClass.substring(0, handlerClass.length() - PRIMED.length()) : handlerClass);
        long initDone = System.nanoTime();
        if (primed) {
            runCracResources(handler);
        }
        long primedAt = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(reserveEvent(saleId, token, idempotencyKey),
                new BenchContext(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "cold-start")));
        long answered = System.nanoTime();
        System.out.println(ANSWER + response.getStatusCode());
        System.out.flush();
        if (halt) {
            Runtime.getRuntime().halt(0);
        }

        Map<String, Long> memory = procStatus("VmHWM", "VmRSS");
        long uptimeNow = ManagementFactory.getRuntimeMXBean().getUptime();
        double uptimeAtAnswer = uptimeNow - (System.nanoTime() - answered) / 1e6;
        double uptimeAtMain = uptimeAtAnswer - (answered - mainAt) / 1e6;
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        System.out.printf("%sstatus=%d uptimeAtMainMs=%.1f initMs=%.1f primeMs=%.1f firstInvokeMs=%.1f uptimeAtAnswerMs=%.1f "
                        + "vmHwmKiB=%d vmRssKiB=%d loadedClasses=%d body=%s%n",
                STATS, response.getStatusCode(), uptimeAtMain, (initDone - mainAt) / 1e6, (primedAt - initDone) / 1e6,
                (answered - primedAt) / 1e6,
                uptimeAtAnswer, memory.getOrDefault("VmHWM", -1L), memory.getOrDefault("VmRSS", -1L), classes,
                response.getStatusCode() == 201 ? "-" : String.valueOf(response.getBody()).replace('\n', ' '));
        System.out.flush();
        System.exit(0);
    }

    /**
     * The handler as Lambda creates it (its no-argument constructor), or, for {@code <class>}{@value #EAGER}, the
     * handler given the context Micronaut's own Lambda context builder makes, every singleton at init: what the step
     * handlers' lazy context saves (reflection: only the jar's classes). For {@code <class>}{@value #EMPTY_CONTEXT}:
     * {@code ApplicationContext.run()} with no bean of ours on the classpath, then the handler as Lambda makes it.
     */
    private static Object newHandler(String spec) throws Exception {
        if (spec.endsWith(EMPTY_CONTEXT)) {
            emptyContext = Class.forName("io.micronaut.context.ApplicationContext").getMethod("run").invoke(null);
            return Class.forName(spec.substring(0, spec.length() - EMPTY_CONTEXT.length())).getDeclaredConstructor().newInstance();
        }
        if (!spec.endsWith(EAGER)) {
            return Class.forName(spec).getDeclaredConstructor().newInstance();
        }
        Object builder = Class.forName("io.micronaut.function.aws.LambdaApplicationContextBuilder").getConstructor().newInstance();
        Object context = Class.forName("io.micronaut.context.ApplicationContextBuilder").getMethod("start").invoke(builder);
        return Class.forName(spec.substring(0, spec.length() - EAGER.length()))
                .getConstructor(Class.forName("io.micronaut.context.ApplicationContext")).newInstance(context);
    }

    /**
     * What the CRaC runtime does around a SnapStart snapshot, on a JVM without CRaC: {@code beforeCheckpoint} of every
     * resource the function registers (the Micronaut context's {@code OrderedResource} beans, in their order, and the
     * handler itself when it is a {@code org.crac.Resource}), then {@code afterRestore} in reverse. Reflection: the
     * child's classpath is the Lambda jar.
     */
    private static void runCracResources(Object handler) throws Exception {
        Class<?> resource = Class.forName("org.crac.Resource");
        Class<?> cracContext = Class.forName("org.crac.Context");
        java.lang.reflect.Method before = resource.getMethod("beforeCheckpoint", cracContext);
        java.lang.reflect.Method after = resource.getMethod("afterRestore", cracContext);
        Object context = handler.getClass().getMethod("getApplicationContext").invoke(handler);
        Class<?> ordered = Class.forName("io.micronaut.crac.OrderedResource");
        java.lang.reflect.Method order = Class.forName("io.micronaut.core.order.Ordered").getMethod("getOrder");
        java.util.List<Object> resources = new java.util.ArrayList<>((java.util.Collection<?>) context.getClass()
                .getMethod("getBeansOfType", Class.class).invoke(context, ordered));
        resources.sort(java.util.Comparator.comparingInt(r -> {
            try {
                return (Integer) order.invoke(r);
            } catch (ReflectiveOperationException e) {
                return 0;
            }
        }));
        if (resource.isInstance(handler)) {
            resources.add(handler);
        }
        for (Object r : resources) {
            before.invoke(r, (Object) null);
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            after.invoke(resources.get(i), (Object) null);
        }
    }

    /** The event API Gateway (HTTP API, payload 2.0) hands the reserve function, as in {@code events/reserve.json}. */
    static APIGatewayV2HTTPEvent reserveEvent(String saleId, String token, String idempotencyKey) {
        String path = "/sales/" + saleId + "/reservations";
        String routeKey = "POST /sales/{saleId}/reservations";
        String host = "abc123.execute-api.us-east-1.amazonaws.com";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        headers.put("host", host);
        headers.put("user-agent", "cold-start-bench");
        headers.put("x-forwarded-proto", "https");
        headers.put("authorization", "Bearer " + token);
        headers.put("content-type", "application/json");
        headers.put("idempotency-key", idempotencyKey);
        long now = System.currentTimeMillis();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(headers)
                .withPathParameters(Map.of("saleId", saleId))
                .withBody("{\"quantity\": 1}")
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("123456789012")
                        .withApiId("abc123")
                        .withDomainName(host)
                        .withDomainPrefix("abc123")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.10").withUserAgent("cold-start-bench").build())
                        .withRequestId("cold-start-" + now)
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTimeEpoch(now)
                        .build())
                .build();
    }

    /** Values in KiB from /proc/self/status (Linux); missing ones are left out. */
    static Map<String, Long> procStatus(String... fields) {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                for (String field : fields) {
                    if (line.startsWith(field + ":")) {
                        values.put(field, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no memory figures
        }
        return values;
    }

    /** The Lambda context of the one invocation: 10 s, as the reserve function's timeout; logs go to stdout. */
    private static final class BenchContext implements Context {
        private final String functionName;
        private final long deadline = System.currentTimeMillis() + 10_000;

        BenchContext(String functionName) {
            this.functionName = functionName;
        }

        @Override
        public String getAwsRequestId() {
            return "00000000-0000-4000-8000-000000000001";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "cold-start";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
