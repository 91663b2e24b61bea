package io.flashcheckout.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashcheckout.capacity.ApplicationAutoScalingApi;
import io.flashcheckout.capacity.ScheduledProvisionedConcurrency;
import io.flashcheckout.capacity.WarmedFunction;
import io.flashcheckout.checkout.WarmupWindow;
import io.flashcheckout.support.MotoServer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The admin function's role allows every Application Auto Scaling call the pre-warm makes, and its other pre-warm
 * grants name only what they must. {@link LeastPrivilegeTest} cannot see these calls: its recorder is an SDK client
 * interceptor, and the pre-warm speaks the service's protocol over the SDK's HTTP client (the SDK's client module is
 * not served here). So the calls are taken from the wire, while a sale is scheduled, moved and cancelled on
 * moto_server, and checked against the SAM-transformed template as IAM would check them. Skipped without moto_server,
 * python3 or samtranslator.
 */
class PrewarmGrantsTest {
    private static final String ADMIN = "flash-checkout-admin";

    @Test
    void everyCallThePreWarmMakesIsAllowedToTheAdminFunctionAndItsOtherGrantsNameOnlyTheAliases(@TempDir Path dir)
            throws IOException, InterruptedException {
        JsonNode expanded = SamTransform.expanded(dir);
        Set<String> operations = new ConcurrentSkipListSet<>();
        try (MotoServer moto = MotoServer.startIfInstalled()) {
            assumeTrue(moto != null, "moto_server is not on the PATH");
            SdkHttpClient wire = new RecordingHttpClient(UrlConnectionHttpClient.create(), operations);
            try (ApplicationAutoScalingApi api = new ApplicationAutoScalingApi(wire,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), Region.US_EAST_1, moto.endpoint())) {
                ScheduledProvisionedConcurrency capacity = new ScheduledProvisionedConcurrency(api, List.of(
                        new WarmedFunction("flash-checkout-dev-reserve", "live", 40),
                        new WarmedFunction("flash-checkout-dev-pay", "live", 20)), 0, Duration.ofMillis(1), Duration.ofMillis(2));
                Instant opens = Instant.parse("2026-11-24T12:00:00Z");
                capacity.schedule("drop", new WarmupWindow(opens.minus(Duration.ofMinutes(10)), opens.plus(Duration.ofMinutes(30))));
                capacity.schedule("drop", new WarmupWindow(opens.plus(Duration.ofDays(1)), opens.plus(Duration.ofDays(1)).plus(Duration.ofHours(1))));
                capacity.cancel("drop");
            }
        }
        assertThat(operations).as("the calls a create, a reopen and a cancelled window make").containsExactlyInAnyOrder(
                "DescribeScalableTargets", "RegisterScalableTarget", "PutScheduledAction", "DeleteScheduledAction");

        FunctionRoles.Function admin = new FunctionRoles(expanded, new TemplateArns(expanded, "flash-checkout-dev-")).functions().get(ADMIN);
        for (String operation : operations) {
            // Application Auto Scaling authorises its actions on "*": a scalable target's ARN ends in a random id
            assertThat(admin.allows("application-autoscaling:" + operation, "*")).as(operation).isTrue();
        }
        String alias = "arn:aws:lambda:" + IamRequests.REGION + ":" + IamRequests.ACCOUNT + ":function:flash-checkout-dev-";
        Set<String> lambdaActions = new TreeSet<>(List.of("lambda:PutProvisionedConcurrencyConfig",
                "lambda:GetProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"));
        for (String action : lambdaActions) {
            assertThat(admin.allows(action, alias + "reserve:live")).as(action + " on reserve:live").isTrue();
            assertThat(admin.allows(action, alias + "pay:live")).as(action + " on pay:live").isTrue();
            assertThat(admin.allows(action, alias + "reserve")).as(action + " on the unqualified function").isFalse();
            assertThat(admin.allows(action, alias + "cancel:live")).as(action + " on another function").isFalse();
        }
        String roles = "arn:aws:iam::" + IamRequests.ACCOUNT + ":role/aws-service-role/";
        assertThat(admin.allows("iam:CreateServiceLinkedRole",
                roles + "lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency")).isTrue();
        assertThat(admin.allows("iam:CreateServiceLinkedRole",
                roles + "ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService")).isFalse();
        assertThat(admin.allows("application-autoscaling:PutScalingPolicy", "*")).as("no scaling policies").isFalse();
    }

    /** The SDK's HTTP client, noting each request's operation (its {@code X-Amz-Target}). */
    private record RecordingHttpClient(SdkHttpClient delegate, Set<String> operations) implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            request.httpRequest().firstMatchingHeader("X-Amz-Target")
                    .ifPresent(target -> operations.add(target.substring(target.indexOf('.') + 1)));
            return delegate.prepareRequest(request);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
