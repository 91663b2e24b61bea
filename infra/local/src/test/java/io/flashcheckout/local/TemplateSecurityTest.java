package io.flashcheckout.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template as CloudFormation receives it (after the SAM transform CI runs, {@code .ci/sam-transform.py}): the
 * admin scope can be granted only through the admins' invite-only pool, every admin route is behind that pool's
 * authorizer and scope, the functions trust each pool for what it is, and the rest of the identity and logging
 * settings a real deployment needs. Skipped where Python's samtranslator is missing (CI has it).
 */
class TemplateSecurityTest {
    private static final String ADMIN_SCOPE = "checkout/admin";
    private static JsonNode resources;
    private static JsonNode api;

    @BeforeAll
    static void transform(@TempDir Path dir) throws IOException, InterruptedException {
        resources = SamTransform.expanded(dir).get("Resources");
        api = only("AWS::ApiGatewayV2::Api").get("Properties").get("Body");
    }

    private static List<Map.Entry<String, JsonNode>> all(String type) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (resource.getValue().get("Type").asText().equals(type)) {
                found.add(resource);
            }
        }
        return found;
    }

    private static JsonNode only(String type) {
        List<Map.Entry<String, JsonNode>> found = all(type);
        assertThat(found).hasSize(1);
        return found.get(0).getValue();
    }

    private static boolean inviteOnly(String pool) {
        JsonNode config = resources.get(pool).get("Properties").path("AdminCreateUserConfig");
        return config.path("AllowAdminCreateUserOnly").asBoolean(false);
    }

    private static Set<String> scopes(JsonNode client) {
        Set<String> scopes = new HashSet<>();
        client.get("Properties").path("AllowedOAuthScopes").forEach(s -> scopes.add(s.asText()));
        return scopes;
    }

    /** The pool an issuer URL names: {@code https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}}. */
    private static String poolOf(JsonNode issuer) {
        String sub = issuer.path("Fn::Sub").asText();
        assertThat(sub).as("issuer %s", issuer).startsWith("https://cognito-idp.${AWS::Region}.amazonaws.com/${");
        return sub.substring(sub.lastIndexOf("${") + 2, sub.length() - 1);
    }

    @Test
    void onlyAnInviteOnlyPoolsClientCanBeGrantedTheAdminScope() {
        List<Map.Entry<String, JsonNode>> clients = all("AWS::Cognito::UserPoolClient");
        assertThat(clients).isNotEmpty();
        for (Map.Entry<String, JsonNode> client : clients) {
            String pool = client.getValue().get("Properties").get("UserPoolId").get("Ref").asText();
            if (scopes(client.getValue()).contains(ADMIN_SCOPE)) {
                assertThat(inviteOnly(pool)).as("%s grants %s but its pool %s is open to sign-up", client.getKey(), ADMIN_SCOPE, pool).isTrue();
            }
        }
        // the scope exists only where a resource server declares it: that must be an invite-only pool too
        for (Map.Entry<String, JsonNode> server : all("AWS::Cognito::UserPoolResourceServer")) {
            String pool = server.getValue().get("Properties").get("UserPoolId").get("Ref").asText();
            assertThat(inviteOnly(pool)).as("%s declares scopes in %s", server.getKey(), pool).isTrue();
        }
    }

    @Test
    void theShoppersClientIsInAnOpenPoolAndCannotBeGrantedTheAdminScope() {
        JsonNode shopperAuthorizer = api.get("components").get("securitySchemes").get("CognitoJwt")
                .get("x-amazon-apigateway-authorizer").get("jwtConfiguration");
        String storefront = shopperAuthorizer.get("audience").get(0).get("Ref").asText();
        String shopperPool = poolOf(shopperAuthorizer.get("issuer"));
        JsonNode client = resources.get(storefront);

        assertThat(client.get("Properties").get("UserPoolId").get("Ref").asText()).isEqualTo(shopperPool);
        assertThat(scopes(client)).doesNotContain(ADMIN_SCOPE);
        assertThat(all("AWS::Cognito::UserPoolResourceServer")).allSatisfy(server ->
                assertThat(server.getValue().get("Properties").get("UserPoolId").get("Ref").asText()).isNotEqualTo(shopperPool));
    }

    @Test
    void everyAdminRouteNeedsTheAdminPoolsTokenWithTheAdminScope() {
        JsonNode schemes = api.get("components").get("securitySchemes");
        int adminRoutes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                JsonNode security = method.getValue().get("security").get(0);
                String authorizer = security.fieldNames().next();
                if (path.getKey().startsWith("/admin/")) {
                    adminRoutes++;
                    assertThat(security.get(authorizer).toString()).as(path.getKey()).isEqualTo("[\"" + ADMIN_SCOPE + "\"]");
                    JsonNode jwt = schemes.get(authorizer).get("x-amazon-apigateway-authorizer").get("jwtConfiguration");
                    assertThat(inviteOnly(poolOf(jwt.get("issuer")))).as("%s %s", method.getKey(), path.getKey()).isTrue();
                } else if (!authorizer.equals("NONE")) {
                    JsonNode jwt = schemes.get(authorizer).get("x-amazon-apigateway-authorizer").get("jwtConfiguration");
                    assertThat(inviteOnly(poolOf(jwt.get("issuer")))).as("shopper route %s", path.getKey()).isFalse();
                }
            }
        }
        assertThat(adminRoutes).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theFunctionsTrustTheAdminScopeOnlyFromTheInviteOnlyPool() {
        for (Map.Entry<String, JsonNode> function : all("AWS::Lambda::Function")) {
            JsonNode env = function.getValue().get("Properties").get("Environment").get("Variables");
            assertThat(inviteOnly(poolOf(env.get("FLASH_CHECKOUT_AUTH_ADMINS_ISSUER")))).as(function.getKey()).isTrue();
            assertThat(inviteOnly(poolOf(env.get("FLASH_CHECKOUT_AUTH_SHOPPERS_ISSUER")))).as(function.getKey()).isFalse();
            assertThat(env.has("MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_COGNITO_URL")).isFalse();
            assertThat(env.has("FLASH_CHECKOUT_JWT_SECRET")).as("no shared secret on AWS").isFalse();
        }
    }

    @Test
    void cognitoDoesNotTellWhichAccountsExistAndAdminsNeedMfa() {
        for (Map.Entry<String, JsonNode> client : all("AWS::Cognito::UserPoolClient")) {
            assertThat(client.getValue().get("Properties").path("PreventUserExistenceErrors").asText()).as(client.getKey()).isEqualTo("ENABLED");
        }
        for (Map.Entry<String, JsonNode> pool : all("AWS::Cognito::UserPool")) {
            if (inviteOnly(pool.getKey())) {
                assertThat(pool.getValue().get("Properties").path("MfaConfiguration").asText()).isEqualTo("ON");
            }
        }
    }

    @Test
    void everyFunctionLogsToAGroupWithARetention() {
        for (Map.Entry<String, JsonNode> function : all("AWS::Lambda::Function")) {
            JsonNode group = function.getValue().get("Properties").path("LoggingConfig").path("LogGroup");
            assertThat(group.has("Ref")).as("%s has its own log group", function.getKey()).isTrue();
            JsonNode logs = resources.get(group.get("Ref").asText());
            assertThat(logs.get("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(logs.get("Properties").has("RetentionInDays")).as(group.toString()).isTrue();
        }
    }

    @Test
    void onlyTheFunctionsThatCallTheProviderCanReadItsKeyAndNoneHasItInItsEnvironment() throws IOException {
        Set<String> callers = Set.of("PayFunction", "CheckoutRecoveryFunction", "RefundFunction");
        // the waiting room's signing key: the queue function signs with it, reserve checks admission tokens
        Set<String> roomKeyReaders = Set.of("QueueFunction", "ReserveFunction");
        assertThat(Files.readString(Path.of("../template.yaml"))).doesNotContain("{{resolve:secretsmanager");
        for (Map.Entry<String, JsonNode> function : all("AWS::Lambda::Function")) {
            JsonNode env = function.getValue().get("Properties").get("Environment").get("Variables");
            assertThat(env.has("FLASH_CHECKOUT_PSP_API_KEY")).as(function.getKey()).isFalse();
            assertThat(env.has("FLASH_CHECKOUT_ADMISSION_KEY")).as(function.getKey()).isFalse();
            assertThat(env.has("FLASH_CHECKOUT_PSP_API_KEY_SECRET")).as(function.getKey()).isEqualTo(callers.contains(function.getKey()));
            assertThat(env.has("FLASH_CHECKOUT_ADMISSION_KEY_SECRET")).as(function.getKey())
                    .isEqualTo(roomKeyReaders.contains(function.getKey()));
            String role = function.getValue().get("Properties").get("Role").get("Fn::GetAtt").get(0).asText();
            String policies = resources.get(role).toString();
            assertThat(policies.contains("secretsmanager:"))
                    .as("%s may read secrets", function.getKey())
                    .isEqualTo(callers.contains(function.getKey()) || roomKeyReaders.contains(function.getKey()));
            assertThat(policies.contains("PaymentProviderSecretName"))
                    .as("%s may read the provider's key", function.getKey()).isEqualTo(callers.contains(function.getKey()));
            assertThat(policies.contains("AdmissionKeySecret"))
                    .as("%s may read the room's key", function.getKey()).isEqualTo(roomKeyReaders.contains(function.getKey()));
        }
    }

    @Test
    void reserveAndCancelCannotPutToTheSalesTable() {
        for (String function : List.of("ReserveFunction", "CancelFunction")) {
            String role = resources.get(function).get("Properties").get("Role").get("Fn::GetAtt").get(0).asText();
            for (JsonNode policy : resources.get(role).get("Properties").get("Policies")) {
                for (JsonNode statement : policy.get("PolicyDocument").get("Statement")) {
                    boolean onSales = statement.get("Resource").toString().contains("\"SalesTable\"");
                    if (onSales) {
                        assertThat(statement.get("Action").toString()).as(function).doesNotContain("dynamodb:PutItem");
                    }
                }
            }
        }
    }
}
