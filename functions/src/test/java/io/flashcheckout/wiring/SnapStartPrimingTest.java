package io.flashcheckout.wiring;

import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.TableDefinitions;
import io.flashcheckout.support.DynamoDbLocal;
import io.flashcheckout.support.TableAudit;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;

import java.net.URI;
import java.util.List;
import io.flashcheckout.identity.AccessTokenVerifier;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/** The SnapStart priming hook: registered as a CRaC resource, it reads once and writes nothing, and never fails. */
class SnapStartPrimingTest {

    @Test
    void primingReadsOnceAndWritesNothing() {
        CheckoutTables tables = CheckoutTables.withPrefix("p" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableDefinitions.createMissing(DynamoDbLocal.shared().client(), tables);
        TableAudit audit = new TableAudit(DynamoDbLocal.shared().client(), tables);
        List<Map<String, AttributeValue>> before = audit.everything();

        boolean answered = new SnapStartPriming(DynamoDbLocal.shared().client(), tables, new AccessTokenVerifier(List.of())).prime();

        assertThat(answered).isTrue();
        assertThat(audit.everything()).isEqualTo(before);
    }

    @Test
    void anUnreachableOrRefusedReadDoesNotStopTheSnapshot() {
        try (DynamoDbClient nowhere = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            assertThat(new SnapStartPriming(nowhere, CheckoutTables.withPrefix("x-"), new AccessTokenVerifier(List.of())).prime()).isFalse();
        }
    }

    @Test
    void theFunctionsContextRegistersItAsACracResource() {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "flash-checkout.dynamodb.endpoint", DynamoDbLocal.shared().endpoint().toString(),
                "flash-checkout.jwt.secret", "0123456789abcdef0123456789abcdef0123456789abcdef"))) {
            assertThat(context.getBeansOfType(OrderedResource.class)).hasAtLeastOneElementOfType(SnapStartPriming.class);
        }
    }
}
