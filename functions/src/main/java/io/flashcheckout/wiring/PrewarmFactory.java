package io.flashcheckout.wiring;

import io.flashcheckout.capacity.ApplicationAutoScalingApi;
import io.flashcheckout.capacity.ScheduledProvisionedConcurrency;
import io.flashcheckout.capacity.WarmedFunction;
import io.flashcheckout.checkout.CheckoutMetrics;
import io.flashcheckout.checkout.SaleWarmup;
import io.flashcheckout.checkout.WarmCapacity;
import io.flashcheckout.checkout.WarmupSettings;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Pre-warming scheduled sales. On when {@code flash-checkout.prewarm.reserve-function} (and/or {@code pay-function})
 * names a function and its {@code reserve-concurrency} ({@code pay-concurrency}) is above 0: the template sets them
 * on the admin function only, so only there is the Application Auto Scaling client ever built. A size above the
 * function's reserved concurrency ({@code reserve-limit}, {@code pay-limit}) is capped to it, since Lambda refuses
 * more provisioned than reserved concurrency. The endpoint follows {@code flash-checkout.applicationautoscaling.endpoint},
 * then the SDK's standard {@code AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING} and {@code AWS_ENDPOINT_URL}.
 */
@Factory
public class PrewarmFactory {
    private static final Logger LOG = LoggerFactory.getLogger(PrewarmFactory.class);

    @Singleton
    WarmupSettings warmupSettings(@Value("${flash-checkout.prewarm.lead:10m}") Duration lead,
                                  @Value("${flash-checkout.prewarm.longest:2h}") Duration longest,
                                  @Value("${flash-checkout.prewarm.notice:1m}") Duration notice) {
        return new WarmupSettings(lead, longest, notice);
    }

    @Singleton
    WarmCapacity warmCapacity(BeanProvider<ApplicationAutoScalingApi> api,
                              @Value("${flash-checkout.prewarm.alias:live}") String alias,
                              @Nullable @Value("${flash-checkout.prewarm.reserve-function:}") String reserve,
                              @Value("${flash-checkout.prewarm.reserve-concurrency:0}") int reserveSize,
                              @Value("${flash-checkout.prewarm.reserve-limit:0}") int reserveLimit,
                              @Nullable @Value("${flash-checkout.prewarm.pay-function:}") String pay,
                              @Value("${flash-checkout.prewarm.pay-concurrency:0}") int paySize,
                              @Value("${flash-checkout.prewarm.pay-limit:0}") int payLimit) {
        List<WarmedFunction> functions = new ArrayList<>();
        warmed(reserve, alias, reserveSize, reserveLimit).ifPresent(functions::add);
        warmed(pay, alias, paySize, payLimit).ifPresent(functions::add);
        if (functions.isEmpty()) {
            return WarmCapacity.NONE;
        }
        return new ScheduledProvisionedConcurrency(api.get(), functions, 3, Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    private static Optional<WarmedFunction> warmed(String function, String alias, int size, int limit) {
        if (function == null || function.isBlank() || size <= 0) {
            return Optional.empty();
        }
        int capped = limit > 0 ? Math.min(size, limit) : size;
        if (capped < size) {
            LOG.warn("pre-warm of {} capped to its reserved concurrency {} (asked {})", function, limit, size);
        }
        return Optional.of(new WarmedFunction(function, alias, capped));
    }

    @Singleton
    @Bean(preDestroy = "close")
    ApplicationAutoScalingApi applicationAutoScaling(@Nullable @Value("${flash-checkout.applicationautoscaling.endpoint:}") String endpoint) {
        String configured = firstSet(endpoint, System.getenv("AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING"), System.getenv("AWS_ENDPOINT_URL"));
        return new ApplicationAutoScalingApi(
                UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build(),
                DefaultCredentialsProvider.builder().build(),
                new DefaultAwsRegionProviderChain().getRegion(),
                configured == null ? null : URI.create(configured));
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    @Singleton
    SaleWarmup saleWarmup(WarmCapacity capacity, WarmupSettings settings, CheckoutMetrics metrics, Clock clock) {
        return new SaleWarmup(capacity, settings, metrics, clock);
    }
}
