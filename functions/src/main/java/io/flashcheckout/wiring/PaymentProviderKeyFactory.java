package io.flashcheckout.wiring;

import io.flashcheckout.payment.ApiKeySource;
import io.flashcheckout.payment.SecretsManagerApiKey;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The payment provider's API key. With {@code flash-checkout.psp.api-key-secret} (a secret name or ARN; on AWS only
 * the functions that call the provider have it) the key is the secret's {@code apiKey}, read from Secrets Manager when
 * the function initialises, cached for {@code flash-checkout.psp.api-key-max-age} (5 min) and read again at once after
 * a 401; see {@link ApiKeySnapshotGuard} for SnapStart. Without it, the plain {@code flash-checkout.psp.api-key} (the
 * embedded stack, tests). The Secrets Manager client follows the SDK's standard settings
 * ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code AWS_ENDPOINT_URL}); {@code flash-checkout.secretsmanager.endpoint}
 * overrides the endpoint.
 */
@Factory
public class PaymentProviderKeyFactory {
    static final String SECRET = "flash-checkout.psp.api-key-secret";

    @Singleton
    @Requires(property = SECRET)
    @Bean(preDestroy = "close")
    SecretsManagerClient secretsManager(@Nullable @Value("${flash-checkout.secretsmanager.endpoint:}") String endpoint) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** Read once here, at init: a function whose role cannot read the secret fails to start, not at its first payment. */
    @Singleton
    @Requires(property = SECRET)
    @Bean(typed = {ApiKeySource.class, SecretsManagerApiKey.class})
    SecretsManagerApiKey secretApiKey(SecretsManagerClient client, @Value("${" + SECRET + "}") String secretId,
                                      @Value("${flash-checkout.psp.api-key-max-age:5m}") Duration maxAge) {
        SecretsManagerApiKey key = new SecretsManagerApiKey(client, secretId, maxAge);
        key.current();
        return key;
    }

    @Singleton
    @Requires(missingProperty = SECRET)
    ApiKeySource configuredApiKey(@Value("${flash-checkout.psp.api-key}") String apiKey) {
        return ApiKeySource.fixed(apiKey);
    }
}
