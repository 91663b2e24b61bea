package io.flashcheckout.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * The provider's API key from a Secrets Manager secret holding {@code {"apiKey": "..."}}, through Powertools'
 * parameters module. Reads are cached for {@code maxAge}, so a rotated secret is picked up by the next read after
 * that; a key the provider refuses (401) is read again at once. Powertools' cache cannot drop one entry, so "read
 * again" is a new provider with an empty cache over the same client. When Secrets Manager cannot be read, the last key
 * read is used meanwhile: a rotation is rare, an outage of Secrets Manager must not stop payments.
 */
public final class SecretsManagerApiKey implements ApiKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerApiKey.class);
    static final String FIELD = "apiKey";

    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration maxAge;
    private final ObjectMapper json = new ObjectMapper();
    private volatile SecretsProvider secrets;
    private volatile String lastRead;

    public SecretsManagerApiKey(SecretsManagerClient client, String secretId, Duration maxAge) {
        this.client = Objects.requireNonNull(client, "client");
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("secretId must not be blank");
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        this.secretId = secretId;
        this.maxAge = maxAge;
        this.secrets = emptyCache();
    }

    @Override
    public String current() {
        try {
            String key = apiKeyIn(secrets.get(secretId));
            lastRead = key;
            return key;
        } catch (RuntimeException unreadable) {
            String fallback = lastRead;
            if (fallback == null) {
                throw unreadable;
            }
            LOG.warn("secret {} could not be read ({}); using the key read before", secretId, unreadable.getClass().getSimpleName());
            return fallback;
        }
    }

    @Override
    public synchronized String replaceRejected(String rejected) {
        String known = current();
        if (!known.equals(rejected)) {
            return known; // the cache already moved on (expired and re-read, or another caller replaced it)
        }
        forget();
        return current();
    }

    /** Drops the cached key (before a SnapStart snapshot: no key in the snapshot); the next read fetches it. */
    public void forget() {
        secrets = emptyCache();
        lastRead = null;
    }

    private SecretsProvider emptyCache() {
        CacheManager cache = new CacheManager();
        cache.setDefaultExpirationTime(maxAge);
        return SecretsProvider.builder().withClient(client).withCacheManager(cache).build();
    }

    private String apiKeyIn(String secret) {
        String key;
        try {
            key = json.readTree(secret).path(FIELD).textValue();
        } catch (JsonProcessingException e) {
            // the exception's message would quote the secret
            throw new IllegalStateException("secret " + secretId + " is not JSON; expected {\"" + FIELD + "\": \"...\"}");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("secret " + secretId + " has no \"" + FIELD + "\" string");
        }
        return key;
    }

    @Override
    public String toString() {
        return "API key from Secrets Manager secret " + secretId + " (cached " + maxAge + ")";
    }
}
