package io.flashcheckout.payment;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.support.DynamoDbLocal;
import io.flashcheckout.support.MotoServer;
import io.flashcheckout.wiring.ApiKeySnapshotGuard;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PSP API key from Secrets Manager (moto_server) as the functions' context wires it: read at init, a rotation
 * (new secret value, the provider now refusing the old key with 401) is picked up by the next call, which succeeds;
 * the cache ages out; and the key is dropped before a SnapStart snapshot. Skipped when moto_server is not installed.
 */
class PspApiKeyRotationTest {
    private static final Money TEN_EUROS = Money.of("10.00", "EUR");
    private static MotoServer moto;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() {
        moto = MotoServer.startIfInstalled();
        assumeTrue(moto != null, "moto_server is not on the PATH");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        secrets = SecretsManagerClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        if (secrets != null) {
            secrets.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void aRotatedKeyIsPickedUpAfterThe401AndTheCallSucceeds() {
        String secretId = newSecret("sk_live_first");
        try (PspSimulator psp = PspSimulator.start(SimulatorConfig.defaults().withApiKey("sk_live_first"));
             ApplicationContext context = functionContext(psp, secretId)) {
            PaymentGateway gateway = context.getBean(PaymentGateway.class);
            assertInstanceOf(ChargeOutcome.Approved.class, charge(gateway, "order-a/1"));

            putSecret(secretId, "sk_live_second");
            psp.rotateApiKey("sk_live_second");

            assertInstanceOf(ChargeOutcome.Approved.class, charge(gateway, "order-b/1"));
            assertThat(gateway.findCharge("order-a/1")).isPresent();
            assertEquals(2, psp.ledger().charges().size(), "the refused request recorded nothing; its retry charged once");
        }
    }

    @Test
    void theCachedKeyIsReadAgainAfterItsMaxAge() throws InterruptedException {
        String secretId = newSecret("sk_live_one");
        SecretsManagerApiKey key = new SecretsManagerApiKey(secrets, secretId, Duration.ofMillis(300));
        assertEquals("sk_live_one", key.current());

        putSecret(secretId, "sk_live_two");
        String cached = key.current();
        Thread.sleep(400);

        assertEquals("sk_live_one", cached);
        assertEquals("sk_live_two", key.current());
        assertEquals("sk_live_two", key.replaceRejected("sk_live_one"), "a newer key is already known: no read");
        assertEquals("sk_live_two", key.replaceRejected("sk_live_two"), "nothing newer: the refusal stands");
    }

    @Test
    void theKeyIsDroppedBeforeTheSnapshotAndReadAgainAfterRestore() {
        String secretId = newSecret("sk_live_at_init");
        try (PspSimulator psp = PspSimulator.start(SimulatorConfig.defaults().withApiKey("sk_live_at_init"));
             ApplicationContext context = functionContext(psp, secretId)) {
            SecretsManagerApiKey key = context.getBean(SecretsManagerApiKey.class);
            assertThat(context.getBeansOfType(OrderedResource.class)).hasAtLeastOneElementOfType(ApiKeySnapshotGuard.class);
            ApiKeySnapshotGuard guard = context.getBean(ApiKeySnapshotGuard.class);

            guard.beforeCheckpoint(null); // as the JVM calls it (the CRaC context is unused)
            putSecret(secretId, "sk_live_after_restore"); // rotated while the snapshot sat in storage
            psp.rotateApiKey("sk_live_after_restore");
            guard.afterRestore(null);

            assertEquals("sk_live_after_restore", key.current(), "read afresh, not the 5 minute cache of init");
            assertInstanceOf(ChargeOutcome.Approved.class, charge(context.getBean(PaymentGateway.class), "order-c/1"));
        }
    }

    @Test
    void theSecretIsReadAtInitSoAnUnreadableOneStopsTheFunctionFromStarting() {
        try (PspSimulator psp = PspSimulator.start(SimulatorConfig.defaults())) {
            assertThrows(RuntimeException.class, () -> functionContext(psp, "flash-checkout/no-such-secret").close());
        }
    }

    @Test
    void withoutASecretTheConfiguredKeyIsUsed() {
        try (PspSimulator psp = PspSimulator.start(SimulatorConfig.defaults().withApiKey("sk_plain"));
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "flash-checkout.psp.url", psp.baseUri().toString(),
                     "flash-checkout.psp.api-key", "sk_plain",
                     "flash-checkout.dynamodb.endpoint", DynamoDbLocal.shared().endpoint().toString(),
                     "flash-checkout.jwt.secret", "0123456789abcdef0123456789abcdef0123456789abcdef"))) {
            assertThat(context.findBean(SecretsManagerClient.class)).isEmpty();
            assertInstanceOf(ChargeOutcome.Approved.class, charge(context.getBean(PaymentGateway.class), "order-d/1"));
        }
    }

    private static ApplicationContext functionContext(PspSimulator psp, String secretId) {
        return ApplicationContext.run(Map.of(
                "flash-checkout.psp.url", psp.baseUri().toString(),
                "flash-checkout.psp.api-key-secret", secretId,
                "flash-checkout.secretsmanager.endpoint", moto.endpoint().toString(),
                "flash-checkout.dynamodb.endpoint", DynamoDbLocal.shared().endpoint().toString(),
                "flash-checkout.jwt.secret", "0123456789abcdef0123456789abcdef0123456789abcdef"));
    }

    private static ChargeOutcome charge(PaymentGateway gateway, String key) {
        return gateway.charge(new ChargeRequest(key, TEN_EUROS, "tok_approve", key.substring(0, key.indexOf('/'))));
    }

    private static String newSecret(String apiKey) {
        String name = "flash-checkout/psp-" + UUID.randomUUID();
        secrets.createSecret(b -> b.name(name).secretString("{\"apiKey\":\"" + apiKey + "\"}"));
        return name;
    }

    private static void putSecret(String secretId, String apiKey) {
        secrets.putSecretValue(b -> b.secretId(secretId).secretString("{\"apiKey\":\"" + apiKey + "\"}"));
    }

}
