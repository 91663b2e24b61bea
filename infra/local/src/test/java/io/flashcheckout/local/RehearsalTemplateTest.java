package io.flashcheckout.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rehearsal fan-out ({@code infra/rehearsal/template.yaml}) as CloudFormation receives it: the slice's role reads
 * one secret and nothing else, the state machine's role invokes the slice, runs its own child executions and writes
 * results under its bucket's {@code fan-out/}, and the bucket is private. Skipped where samtranslator is missing.
 */
class RehearsalTemplateTest {
    private static JsonNode resources;

    @BeforeAll
    static void transform(@TempDir Path dir) throws IOException, InterruptedException {
        resources = SamTransform.expanded(dir, "../rehearsal/template.yaml").get("Resources");
    }

    @Test
    void theSliceMayReadTheTokensSecretAndNothingElse() {
        JsonNode role = resources.get("SliceFunctionRole").get("Properties");
        assertThat(role.path("ManagedPolicyArns").toString()).contains("AWSLambdaBasicExecutionRole");
        assertThat(role.path("ManagedPolicyArns")).hasSize(1);
        List<JsonNode> statements = statements(role);
        assertThat(statements).hasSize(1);
        assertThat(actions(statements)).containsExactly("secretsmanager:GetSecretValue");
        assertThat(statements.getFirst().get("Resource").toString()).isEqualTo("{\"Ref\":\"TokensSecretArn\"}");
        assertThat(resources.get("SliceFunction").get("Properties").get("Environment").get("Variables").get("REHEARSAL_API")
                .toString()).isEqualTo("{\"Ref\":\"ApiUrl\"}");
    }

    @Test
    void theFanOutInvokesTheSliceRunsItselfAndWritesUnderItsBucket() {
        List<JsonNode> statements = statements(resources.get("FanOutRole").get("Properties"));
        assertThat(actions(statements)).containsExactlyInAnyOrder("lambda:InvokeFunction", "s3:PutObject", "s3:GetObject",
                "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload", "states:StartExecution",
                "states:DescribeExecution", "states:StopExecution");
        for (JsonNode statement : statements) {
            assertThat(statement.get("Resource").toString()).as(statement.toString()).doesNotContain("\"*\"");
            String action = statement.get("Action").toString();
            if (action.contains("s3:")) {
                assertThat(statement.get("Resource").toString()).contains("ResultsBucket.Arn}/fan-out/*");
            }
            if (action.contains("states:")) {
                assertThat(statement.get("Resource").toString()).contains("${AWS::StackName}-fan-out");
            }
        }
    }

    @Test
    void theResultsBucketIsPrivateEncryptedAndTlsOnly() {
        JsonNode bucket = resources.get("ResultsBucket").get("Properties");
        JsonNode block = bucket.get("PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(block.get(setting).asBoolean()).as(setting).isTrue();
        }
        assertThat(bucket.get("BucketEncryption").toString()).contains("AES256");
        assertThat(resources.get("ResultsBucketTlsOnly").toString()).contains("aws:SecureTransport", "Deny");
    }

    private static List<JsonNode> statements(JsonNode role) {
        List<JsonNode> out = new ArrayList<>();
        role.path("Policies").forEach(p -> p.path("PolicyDocument").path("Statement").forEach(out::add));
        return out;
    }

    private static Set<String> actions(List<JsonNode> statements) {
        Set<String> out = new TreeSet<>();
        for (JsonNode s : statements) {
            JsonNode action = s.get("Action");
            if (action.isArray()) {
                action.forEach(a -> out.add(a.asText()));
            } else {
                out.add(action.asText());
            }
        }
        return out;
    }
}
