package io.flashcheckout.observability;

import com.amazonaws.services.lambda.runtime.Context;
import io.flashcheckout.checkout.CheckoutEvent;
import io.flashcheckout.checkout.CheckoutMetrics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaContextFactory;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invocation's log fields while it runs, and the metrics published at its end however it ends. */
class LambdaInvocationTest {
    private final AtomicInteger published = new AtomicInteger();
    private final CheckoutMetrics metrics = new CheckoutMetrics() {
        @Override
        public void count(CheckoutEvent event, long times) {
        }

        @Override
        public void publish() {
            published.incrementAndGet();
        }
    };

    @BeforeAll
    static void region() {
        System.setProperty("aws.region", "eu-west-1");
    }

    @Test
    void theInvocationsFieldsAreInEveryLogLineWhileItRunsAndGoneAfter() {
        try (ApplicationContext beans = ApplicationContext.run()) {
            LambdaInvocation invocation = new LambdaInvocation(metrics, new CurrentInvocation());
            Map<String, String> seen = invocation.run(lambdaContext("req-42", "flash-checkout-dev-reserve"),
                    () -> new HashMap<>(MDC.getCopyOfContextMap()));

            assertThat(seen).containsEntry("function_request_id", "req-42")
                    .containsEntry("function_name", "flash-checkout-dev-reserve")
                    .containsKey("cold_start");
            Map<String, String> after = MDC.getCopyOfContextMap();
            assertThat(after == null ? Map.of() : after).doesNotContainKey("function_request_id");
            assertThat(published).hasValue(1);
        }
    }

    @Test
    void metricsArePublishedWhenTheWorkThrows() {
        try (ApplicationContext beans = ApplicationContext.run()) {
            LambdaInvocation invocation = new LambdaInvocation(metrics, new CurrentInvocation());

            assertThatThrownBy(() -> invocation.run(lambdaContext("req-43", "f"), () -> {
                throw new IllegalStateException("the function died");
            })).hasMessage("the function died");
            assertThatThrownBy(() -> invocation.run(() -> {
                throw new IllegalStateException("no context either");
            })).hasMessage("no context either");

            assertThat(published).hasValue(2);
        }
    }

    @Test
    void theTraceIdIsLoggedAndOnlyTheFirstInvocationIsCold() {
        LambdaInvocation invocation = new LambdaInvocation(metrics, new CurrentInvocation());
        String before = System.getProperty(LambdaInvocation.TRACE_HEADER_PROPERTY);
        System.setProperty(LambdaInvocation.TRACE_HEADER_PROPERTY, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        try {
            Map<String, String> first = invocation.run(lambdaContext("req-1", "f"), () -> new HashMap<>(MDC.getCopyOfContextMap()));
            Map<String, String> second = invocation.run(lambdaContext("req-2", "f"), () -> new HashMap<>(MDC.getCopyOfContextMap()));

            assertThat(first).containsEntry("xray_trace_id", "1-5759e988-bd862e3fe1be46a994272793")
                    .containsEntry("cold_start", "true").containsEntry("service", "flash-checkout");
            assertThat(second).containsEntry("cold_start", "false");
        } finally {
            if (before == null) {
                System.clearProperty(LambdaInvocation.TRACE_HEADER_PROPERTY);
            } else {
                System.setProperty(LambdaInvocation.TRACE_HEADER_PROPERTY, before);
            }
        }
    }

    /** A sampled invocation logs the checkout at DEBUG and puts the level back when it ends, even when it throws. */
    @Test
    void aSampledInvocationLogsTheCheckoutAtDebugForItsOwnDurationOnly() {
        LambdaInvocation alwaysSampled = new LambdaInvocation(metrics, new CurrentInvocation(), "flash-checkout", 1.0);
        var levelBefore = CheckoutLoggers.level();

        var during = alwaysSampled.run(lambdaContext("req-s", "f"), CheckoutLoggers::level);
        assertThatThrownBy(() -> alwaysSampled.run(lambdaContext("req-t", "f"), () -> {
            throw new IllegalStateException("failed while sampled");
        })).hasMessage("failed while sampled");

        assertThat(during).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
        assertThat(CheckoutLoggers.level()).isEqualTo(levelBefore);
    }

    /** Micronaut's default registered each invocation's context as one more singleton, so lookups slowed by the call. */
    @Test
    void eachInvocationsContextReachesItsInvocationWithoutBecomingABean() {
        try (ApplicationContext beans = ApplicationContext.run()) {
            LambdaContextFactory contexts = beans.getBean(LambdaContextFactory.class);
            assertThat(contexts).isInstanceOf(CurrentInvocation.class);
            LambdaInvocation invocation = beans.getBean(LambdaInvocation.class);
            for (int i = 0; i < 3; i++) {
                contexts.registerSingletons(lambdaContext("req-" + i, "f"));
                assertThat(invocation.run(() -> MDC.get("function_request_id"))).isEqualTo("req-" + i);
            }
            assertThat(beans.getBeansOfType(Context.class)).isEmpty();
        }
    }

    /** Only what Powertools reads of the context; the rest is Lambda's business. */
    private static Context lambdaContext(String requestId, String function) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getFunctionName" -> function;
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:eu-west-1:123456789012:function:" + function;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getRemainingTimeInMillis" -> 15_000;
                    default -> null;
                });
    }
}
