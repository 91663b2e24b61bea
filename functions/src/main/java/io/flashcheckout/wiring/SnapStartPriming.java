package io.flashcheckout.wiring;

import io.flashcheckout.identity.AccessTokenVerifier;
import io.flashcheckout.queue.HoldExpiryMessage;
import io.flashcheckout.queue.Messages;
import io.flashcheckout.queue.RecoveryMessage;
import io.flashcheckout.queue.RefundMessage;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs before SnapStart takes the function's snapshot: exercises what every invocation needs (the queue messages'
 * JSON both ways, one DynamoDB read through the real client: signer, HTTP client, marshalling; the token issuers'
 * public keys, fetched into the verifier's cache) so the restored
 * function's first request does not pay for class loading and interpreted code. It writes nothing: the read is of an
 * item that never exists, and a refused read (a function without that permission) has loaded the same classes.
 */
@Singleton
public class SnapStartPriming implements OrderedResource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    static final String PRIME_ORDER = "o-00000000000000000000000000000000";

    private final DynamoDbClient dynamo;
    private final CheckoutTables tables;
    private final AccessTokenVerifier tokens;

    public SnapStartPriming(DynamoDbClient dynamo, CheckoutTables tables, AccessTokenVerifier tokens) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.tokens = tokens;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to reopen: the SDK's HTTP client makes new connections as it needs them
    }

    /** @return whether the DynamoDB read got an answer (false: refused or unreachable; the rest was primed anyway) */
    public boolean prime() {
        Messages.holdExpiry(Messages.toJson(HoldExpiryMessage.of(PRIME_ORDER, Instant.EPOCH)));
        Messages.recovery(Messages.toJson(RecoveryMessage.of(PRIME_ORDER, 1)));
        Messages.refund(Messages.toJson(RefundMessage.of("rf-" + PRIME_ORDER + "-1", PRIME_ORDER)));
        tokens.prime();
        try {
            dynamo.getItem(b -> b.tableName(tables.orders()).key(Map.of("pk", AttributeValue.fromS("PRIME#snapstart"))));
            return true;
        } catch (SdkException e) {
            LOG.info("priming read not answered ({}); the client's classes are loaded all the same", e.getClass().getSimpleName());
            return false;
        }
    }
}
