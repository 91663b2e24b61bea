package io.flashcheckout.wiring;

import io.flashcheckout.payment.SecretsManagerApiKey;
import io.micronaut.context.annotation.Requires;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the PSP API key out of the SnapStart snapshot. The key is read at init (so the Secrets Manager client's classes
 * and connection path are primed, and a missing permission fails the version's publication), forgotten just before
 * the snapshot, and read again right after each restore: a snapshot is kept for the life of the published version and
 * restored into many instances, so a key in it would outlive rotations and sit in every copy of the snapshot.
 */
@Singleton
@Requires(property = PaymentProviderKeyFactory.SECRET)
public class ApiKeySnapshotGuard implements OrderedResource {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeySnapshotGuard.class);

    private final SecretsManagerApiKey key;

    public ApiKeySnapshotGuard(SecretsManagerApiKey key) {
        this.key = key;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        key.forget();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        try {
            key.current();
        } catch (RuntimeException e) {
            // the first payment reads it instead; a restore must not fail on a passing Secrets Manager error
            LOG.warn("PSP API key not read after restore ({}); the first call will read it", e.getClass().getSimpleName());
        }
    }
}
