package io.flashcheckout.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege, measured: every AWS call each function made while {@link CheckoutJourney} drove all of them
 * (recorded by {@link AwsCallRecorder}), and every call the Lambda service makes with a function's role for its event
 * sources, is checked against that function's role in the SAM-transformed template, as IAM would check it. A call
 * the role does not allow fails the test; the grants no call needed are printed and written to
 * {@code target/iam/least-privilege.txt}. Skipped where python3 or samtranslator is missing (CI has both).
 */
class LeastPrivilegeTest {
    private static final Path REPORT = Path.of("target", "iam", "least-privilege.txt");
    private static JsonNode expanded;

    @BeforeAll
    static void transform(@TempDir Path dir) throws IOException, InterruptedException {
        expanded = SamTransform.expanded(dir);
    }

    @Test
    void everyCallEachFunctionMakesIsAllowedByItsRole() throws Exception {
        List<AwsCall> calls = new ArrayList<>();
        String prefix;
        CheckoutJourney.Outcome outcome;
        try (CheckoutJourney journey = new CheckoutJourney(); AwsCallRecorder.Recording recording = AwsCallRecorder.start()) {
            prefix = journey.prefix;
            outcome = journey.run();
            calls.addAll(recording.calls());
        }
        TemplateArns arns = new TemplateArns(expanded, prefix);
        FunctionRoles roles = new FunctionRoles(expanded, arns);
        calls.addAll(roles.eventSourceCalls());
        LeastPrivilegeCheck check = new LeastPrivilegeCheck(roles, arns, calls);
        String report = check.report();
        System.out.println(report);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report);

        // the journey did what it set out to do, so the calls are those of every path it names
        assertThat(outcome.statuses()).containsEntry("paid", "PAID").containsEntry("declined", "EXPIRED")
                .containsEntry("walks-away", "EXPIRED").containsEntry("cancels", "CANCELLED")
                .containsEntry("cancels-paid", "REFUNDED").containsEntry("refunds-by-admin", "REFUNDED")
                .containsEntry("admin-reserved", "CANCELLED").containsEntry("rejected", "REFUND_PENDING")
                .containsEntry("timeout", "PAID").containsEntry("provider-down", "EXPIRED")
                .containsEntry("queued", "EXPIRED");
        assertThat(outcome.financeEvents()).as("refund-issued events for finance").isGreaterThanOrEqualTo(2);
        assertThat(outcome.parkedRefunds()).as("the rejected refund in the refunds DLQ").isPositive();
        assertThat(check.functionsSeen()).as("every function of the template made calls, attributed to it")
                .containsExactlyInAnyOrderElementsOf(roles.functions().keySet());
        assertThat(check.denied()).as("calls the functions' roles do not allow:\n%s", report).isEmpty();
    }

    @Test
    void aCallOutsideTheRoleIsDeniedAndAnUnusedGrantIsReported() {
        TemplateArns arns = new TemplateArns(expanded, "p-");
        FunctionRoles roles = new FunctionRoles(expanded, arns);
        String orders = IamRequests.table("p-orders");
        AwsCall read = new AwsCall("flash-checkout-reads", "dynamodb:GetItem", orders, AwsCall.CODE);
        AwsCall write = new AwsCall("flash-checkout-reads", "dynamodb:PutItem", orders, AwsCall.CODE);
        AwsCall otherIndex = new AwsCall("flash-checkout-sweeper", "dynamodb:Query", orders + "/index/byCustomer", AwsCall.CODE);
        AwsCall unknown = new AwsCall("flash-checkout-api", "dynamodb:GetItem", orders, AwsCall.CODE);

        LeastPrivilegeCheck check = new LeastPrivilegeCheck(roles, arns, List.of(read, write, otherIndex, unknown));

        assertThat(check.denied()).containsExactlyInAnyOrder(write, otherIndex, unknown);
        assertThat(check.unused().get("flash-checkout-reads")).contains("dynamodb:GetItem on SalesTable")
                .doesNotContain("dynamodb:GetItem on OrdersTable");
    }

    @Test
    void requestsBecomeThePermissionsIamChecks() {
        var transaction = software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest.builder().transactItems(
                t -> t.put(p -> p.tableName("p-orders")),
                t -> t.update(u -> u.tableName("p-sales")),
                t -> t.conditionCheck(c -> c.tableName("p-sales"))).build();
        assertThat(IamRequests.accesses("DynamoDB", "TransactWriteItems", transaction)).containsExactly(
                new IamRequests.Access("dynamodb:PutItem", IamRequests.table("p-orders")),
                new IamRequests.Access("dynamodb:UpdateItem", IamRequests.table("p-sales")),
                new IamRequests.Access("dynamodb:ConditionCheckItem", IamRequests.table("p-sales")));
        var query = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName("p-orders").indexName("byDue").build();
        assertThat(IamRequests.accesses("DynamoDB", "Query", query)).containsExactly(
                new IamRequests.Access("dynamodb:Query", IamRequests.table("p-orders") + "/index/byDue"));
        var send = software.amazon.awssdk.services.sqs.model.SendMessageRequest.builder()
                .queueUrl("http://127.0.0.1:9324/000000000000/p-refunds").build();
        assertThat(IamRequests.accesses("SQS", "SendMessage", send)).containsExactly(
                new IamRequests.Access("sqs:SendMessage", IamRequests.queue("p-refunds")));
        assertThat(Set.copyOf(IamRequests.accesses("Secrets Manager", "GetSecretValue", new SecretRequest("flash-checkout/psp"))))
                .containsExactly(new IamRequests.Access("secretsmanager:GetSecretValue",
                        "arn:aws:secretsmanager:us-east-1:000000000000:secret:flash-checkout/psp" + IamRequests.SECRET_SUFFIX));
    }

    /** Stands in for Secrets Manager's GetSecretValueRequest (that module is not on this classpath). */
    private static final class SecretRequest extends software.amazon.awssdk.core.SdkRequest {
        private final String secretId;

        SecretRequest(String secretId) {
            this.secretId = secretId;
        }

        @Override
        public <T> java.util.Optional<T> getValueForField(String field, Class<T> type) {
            return field.equals("SecretId") ? java.util.Optional.of(type.cast(secretId)) : java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<? extends software.amazon.awssdk.core.RequestOverrideConfiguration> overrideConfiguration() {
            return java.util.Optional.empty();
        }

        @Override
        public Builder toBuilder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<software.amazon.awssdk.core.SdkField<?>> sdkFields() {
            return List.of();
        }
    }
}
