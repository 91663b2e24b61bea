package io.flashcheckout.wiring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * The waiting room's signing key from a Secrets Manager secret holding {@code {"signingKey": "..."}} (the template
 * generates it), through Powertools' parameters module like the payment provider's key, cached five minutes. Read at
 * first use, not at init: a SnapStart snapshot holds no key, and the client is made only by a function that signs.
 */
final class RoomKeySecret implements Supplier<String> {
    static final String FIELD = "signingKey";
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final String secretId;
    private final String endpoint;
    private final ObjectMapper json = new ObjectMapper();
    private volatile SecretsProvider secrets;

    RoomKeySecret(String secretId, String endpoint) {
        this.secretId = secretId;
        this.endpoint = endpoint;
    }

    @Override
    public String get() {
        String secret = provider().get(secretId);
        try {
            String key = json.readTree(secret).path(FIELD).textValue();
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("secret " + secretId + " has no \"" + FIELD + "\" string");
            }
            return key;
        } catch (JsonProcessingException e) {
            // the exception's message would quote the secret
            throw new IllegalStateException("secret " + secretId + " is not JSON; expected {\"" + FIELD + "\": \"...\"}");
        }
    }

    private SecretsProvider provider() {
        SecretsProvider current = secrets;
        if (current == null) {
            synchronized (this) {
                if (secrets == null) {
                    SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
                    if (endpoint != null && !endpoint.isBlank()) {
                        builder.endpointOverride(URI.create(endpoint));
                    }
                    CacheManager cache = new CacheManager();
                    cache.setDefaultExpirationTime(MAX_AGE);
                    secrets = SecretsProvider.builder().withClient(builder.build()).withCacheManager(cache).build();
                }
                current = secrets;
            }
        }
        return current;
    }
}
