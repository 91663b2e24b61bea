package io.flashcheckout.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashcheckout.checkout.CheckoutEvent;
import io.flashcheckout.checkout.RecoverySettings;
import io.flashcheckout.http.Route;
import io.flashcheckout.http.StepHandler;
import io.flashcheckout.local.template.CloudFormationTemplate;
import io.flashcheckout.queue.QueueNames;
import io.flashcheckout.store.dynamodb.CheckoutTables;
import io.flashcheckout.store.dynamodb.TableDefinitions;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

import static org.assertj.core.api.Assertions.assertThat;

import static io.flashcheckout.local.template.CloudFormationTemplate.list;
import static io.flashcheckout.local.template.CloudFormationTemplate.map;

/**
 * {@code infra/template.yaml} against the code, so the cloud and the local stack cannot drift: every function's
 * handler is in the jar the template deploys, every route is served by its function's handler class and is in the
 * OpenAPI document and has an events/ file, every queue has a consumer and a dead-letter queue with an alarm, and the tables the
 * template declares are the ones the code creates locally.
 */
class TemplateDriftTest {
    private static final Path INFRA = Path.of("..");
    private static final Path EVENTS = Path.of("../../events");
    private static final String NAME_PREFIX = "flash-checkout-${Stage}-";
    /** Queues whose consumer lives outside this project. */
    private static final Map<String, String> EXTERNAL_CONSUMERS = Map.of("RefundIssuedQueue", "finance");
    private static CloudFormationTemplate template;
    private static Map<String, Map<String, Object>> functions;
    private static Path jar;

    @BeforeAll
    static void load() {
        template = CloudFormationTemplate.load(INFRA.resolve("template.yaml"));
        functions = template.resources("AWS::Serverless::Function");
        jar = INFRA.resolve((String) template.globals("Function").get("CodeUri")).normalize();
    }

    @Test
    void everyFunctionsHandlerIsInTheJarTheTemplateDeploys() throws IOException {
        assertThat(jar).as("the Lambda jar (./mvnw package builds it)").exists();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            functions.forEach((id, function) -> {
                String handler = (String) function.get("Handler");
                assertThat(zip.getEntry(handler.replace('.', '/') + ".class")).as(id + " handler " + handler).isNotNull();
            });
            assertThat(zip.getEntry("META-INF/swagger/flash-checkout-0.1.yml")).isNotNull();
            assertThat(zip.getEntry("schemas/refund-issued.v1.json")).isNotNull();
        }
    }

    @Test
    void everyRouteIsInTheOpenApiDocumentAndHasAnEventFileAndEveryDocumentedRouteIsDeployed() throws IOException {
        Set<String> templateRoutes = new TreeSet<>();
        Map<String, Set<String>> adminScopes = new HashMap<>();
        for (Map<String, Object> function : functions.values()) {
            for (Map<String, Object> event : events(function)) {
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> p = map(event.get("Properties"));
                    String route = p.get("Method") + " " + p.get("Path");
                    templateRoutes.add(route);
                    Map<String, Object> auth = map(p.getOrDefault("Auth", Map.of()));
                    adminScopes.put(route, list(auth.getOrDefault("AuthorizationScopes", List.of())).stream()
                            .map(String::valueOf).collect(Collectors.toSet()));
                }
            }
        }

        assertThat(templateRoutes).isEqualTo(openApiRoutes());
        Set<String> eventRoutes = new TreeSet<>();
        try (Stream<Path> files = Files.list(EVENTS)) {
            for (Path file : files.toList()) {
                Matcher m = Pattern.compile("\"routeKey\": \"([A-Z]+ /[^\"]*)\"").matcher(Files.readString(file));
                if (m.find()) {
                    eventRoutes.add(m.group(1));
                }
            }
        }
        assertThat(eventRoutes).containsAll(templateRoutes);
        adminScopes.forEach((route, scopes) -> assertThat(scopes).as(route)
                .isEqualTo(route.contains(" /admin/") ? Set.of("checkout/admin") : Set.of()));
    }

    /**
     * API Gateway sends each route to the function the template names, and that function's handler class serves
     * exactly those routes: its route table (method, path, who may call) against the function's HttpApi events (path,
     * method, authorizer: none for the public sale page, the admin scope for admin routes). The OpenAPI document names
     * the same function for each operation.
     */
    @Test
    void eachHttpFunctionsHandlerServesExactlyItsRoutes() throws IOException {
        LocalAwsProperties.set();
        Map<String, String> documented = openApiFunctions();
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "flash-checkout.dynamodb.endpoint", "http://127.0.0.1:9",
                "flash-checkout.sqs.endpoint", "http://127.0.0.1:9",
                "flash-checkout.jwt.secret", LocalTokens.generateSecret()))) {
            int httpFunctions = 0;
            for (Map.Entry<String, Map<String, Object>> function : functions.entrySet()) {
                Map<String, Route.Who> expected = new TreeMap<>();
                for (Map<String, Object> event : events(function.getValue())) {
                    if ("HttpApi".equals(event.get("Type"))) {
                        Map<String, Object> p = map(event.get("Properties"));
                        Map<String, Object> auth = map(p.getOrDefault("Auth", Map.of()));
                        Route.Who who = "NONE".equals(auth.get("Authorizer")) ? Route.Who.ANYONE
                                : list(auth.getOrDefault("AuthorizationScopes", List.of())).contains("checkout/admin")
                                ? Route.Who.ADMIN : Route.Who.VERIFIED_CALLER;
                        expected.put(p.get("Method") + " " + p.get("Path"), who);
                    }
                }
                if (expected.isEmpty()) {
                    continue;
                }
                httpFunctions++;
                String handler = (String) function.getValue().get("Handler");
                Object instance;
                try {
                    instance = Class.forName(handler).getConstructor(ApplicationContext.class).newInstance(context);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(function.getKey() + ": " + handler + " cannot be made on a context", e);
                }
                assertThat(instance).as(function.getKey() + " handler").isInstanceOf(StepHandler.class);
                Map<String, Route.Who> served = new TreeMap<>();
                ((StepHandler) instance).routeTable().forEach(route -> served.put(route.key(), route.who()));
                assertThat(served).as(function.getKey() + " (" + handler + ") routes").isEqualTo(expected);
                expected.keySet().forEach(route -> assertThat(documented.get(route)).as("x-function of " + route)
                        .isEqualTo(function.getKey()));
            }
            assertThat(httpFunctions).isEqualTo(7);
        }
    }

    @Test
    void everyWorkQueueHasAConsumerAndADeadLetterQueueWithAnAlarm() {
        Map<String, Map<String, Object>> queues = template.resources("AWS::SQS::Queue");
        Set<String> deadLetterQueues = new TreeSet<>();
        Map<String, Integer> maxReceives = new HashMap<>();
        queues.forEach((id, q) -> {
            if (q.get("RedrivePolicy") instanceof Map<?, ?> redrive) {
                deadLetterQueues.add(getAttTarget(redrive.get("deadLetterTargetArn")));
                maxReceives.put(id, ((Number) redrive.get("maxReceiveCount")).intValue());
            }
        });
        Map<String, Integer> consumerTimeouts = new HashMap<>();
        functions.forEach((id, function) -> events(function).forEach(event -> {
            Map<String, Object> p = map(event.get("Properties"));
            if ("SQS".equals(event.get("Type"))) {
                consumerTimeouts.put(getAttTarget(p.get("Queue")), ((Number) function.get("Timeout")).intValue());
                assertThat(list(p.get("FunctionResponseTypes"))).as(id).contains("ReportBatchItemFailures");
            }
            if (p.get("DestinationConfig") instanceof Map<?, ?> destination) {
                deadLetterQueues.add(getAttTarget(map(destination.get("OnFailure")).get("Destination")));
                assertThat(list(p.get("FunctionResponseTypes"))).as(id).contains("ReportBatchItemFailures");
            }
        }));
        Set<String> workQueues = new TreeSet<>(queues.keySet());
        workQueues.removeAll(deadLetterQueues);

        Map<String, QueueNames> byName = new HashMap<>();
        QueueNames.all().forEach(q -> byName.put(NAME_PREFIX + q.baseName(), q));
        for (String id : workQueues) {
            Map<String, Object> q = queues.get(id);
            QueueNames queue = byName.get(sub(q.get("QueueName")));
            assertThat(queue).as(id + " is one of the queues the code sends to").isNotNull();
            assertThat(maxReceives).as(id + " has a dead-letter queue").containsKey(id);
            assertThat(maxReceives.get(id)).as(id + " maxReceiveCount").isBetween(3, 20);
            if (!EXTERNAL_CONSUMERS.containsKey(id)) {
                assertThat(consumerTimeouts).as(id + " has a consumer").containsKey(id);
                assertThat(((Number) q.get("VisibilityTimeout")).intValue()).as(id + ": visibility >= 6 x the consumer's timeout")
                        .isGreaterThanOrEqualTo(6 * consumerTimeouts.get(id));
            }
        }
        assertThat(workQueues.stream().map(id -> byName.get(sub(queues.get(id).get("QueueName")))).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(QueueNames.all());
        Set<String> alarmed = template.resources("AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> "AWS/SQS".equals(a.get("Namespace")))
                .flatMap(a -> list(a.get("Dimensions")).stream())
                .map(d -> getAttTarget(map(d).get("Value")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(alarmed).isEqualTo(deadLetterQueues);
    }

    @Test
    void everyFunctionHasAnErrorsAlarmAndPayEndsWellWithinThePaymentGrace() {
        Set<String> alarmed = template.resources("AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> "Errors".equals(a.get("MetricName")))
                .map(a -> (String) map(map(list(a.get("Dimensions")).get(0)).get("Value")).get("Ref"))
                .collect(Collectors.toSet());
        assertThat(alarmed).isEqualTo(functions.keySet());
        int payTimeout = ((Number) functions.get("PayFunction").get("Timeout")).intValue();
        assertThat(RecoverySettings.defaults().paymentGrace().toSeconds()).isGreaterThan(2L * payTimeout);
    }

    @Test
    void theDashboardChartsEveryBusinessMetricTheCheckoutCountsAndNoOther() throws IOException {
        Map<String, Object> dashboard = template.resources("AWS::CloudWatch::Dashboard").values().iterator().next();
        JsonNode widgets = new ObjectMapper().readTree(sub(dashboard.get("DashboardBody"))).get("widgets");
        Set<String> charted = new TreeSet<>();
        for (JsonNode widget : widgets) {
            for (JsonNode metric : widget.at("/properties/metrics")) {
                if (metric.get(0).asText().equals("FlashCheckout")) {
                    charted.add(metric.get(1).asText());
                }
            }
        }
        Map<String, Object> environment = map(map(template.globals("Function").get("Environment")).get("Variables"));

        assertThat(charted).isEqualTo(Stream.of(CheckoutEvent.values()).map(CheckoutEvent::metricName)
                .collect(Collectors.toCollection(TreeSet::new)));
        assertThat(environment.get("FLASH_CHECKOUT_METRICS_NAMESPACE")).isEqualTo("FlashCheckout");
    }

    @Test
    void theTablesAreTheOnesTheCodeCreates() {
        Map<String, CreateTableRequest> code = new HashMap<>();
        for (CreateTableRequest request : TableDefinitions.all(CheckoutTables.withPrefix(NAME_PREFIX))) {
            code.put(request.tableName(), request);
        }
        Map<String, Map<String, Object>> tables = template.resources("AWS::DynamoDB::Table");
        assertThat(tables.values().stream().map(t -> sub(t.get("TableName"))).collect(Collectors.toSet())).isEqualTo(code.keySet());
        for (Map<String, Object> table : tables.values()) {
            CreateTableRequest expected = code.get(sub(table.get("TableName")));
            String name = expected.tableName();
            assertThat(table.get("BillingMode")).as(name).isEqualTo("PAY_PER_REQUEST");
            assertThat(map(table.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled")).as(name).isEqualTo(true);
            assertThat(pairs(table.get("AttributeDefinitions"), "AttributeName", "AttributeType")).as(name + " attributes")
                    .isEqualTo(expected.attributeDefinitions().stream()
                            .map(a -> a.attributeName() + ":" + a.attributeTypeAsString()).collect(Collectors.toSet()));
            assertThat(pairs(table.get("KeySchema"), "AttributeName", "KeyType")).as(name + " key")
                    .isEqualTo(expected.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).collect(Collectors.toSet()));
            Set<String> indexes = new TreeSet<>();
            for (Object index : list(table.getOrDefault("GlobalSecondaryIndexes", List.of()))) {
                Map<String, Object> i = map(index);
                Map<String, Object> projection = map(i.get("Projection"));
                indexes.add(i.get("IndexName") + " " + pairs(i.get("KeySchema"), "AttributeName", "KeyType") + " "
                        + projection.get("ProjectionType") + " " + new TreeSet<>(list(projection.getOrDefault("NonKeyAttributes", List.of()))));
            }
            Set<String> expectedIndexes = new TreeSet<>();
            for (GlobalSecondaryIndex i : expected.globalSecondaryIndexes()) {
                expectedIndexes.add(i.indexName() + " " + i.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                        .collect(Collectors.toSet()) + " " + i.projection().projectionTypeAsString() + " "
                        + new TreeSet<>(i.projection().nonKeyAttributes()));
            }
            assertThat(indexes).as(name + " indexes").isEqualTo(expectedIndexes);
            Object stream = table.get("StreamSpecification");
            assertThat(stream == null ? null : map(stream).get("StreamViewType")).as(name + " stream")
                    .isEqualTo(expected.streamSpecification() == null ? null : expected.streamSpecification().streamViewTypeAsString());
        }
    }

    /** Each operation of the OpenAPI document and the template function it names ({@code x-function}). */
    private static Map<String, String> openApiFunctions() throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile());
             InputStream in = zip.getInputStream(zip.getEntry("META-INF/swagger/flash-checkout-0.1.yml"))) {
            Map<String, Object> document = new Yaml().load(in);
            Map<String, String> functions = new TreeMap<>();
            map(document.get("paths")).forEach((path, operations) -> map(operations).forEach((method, operation) ->
                    functions.put(method.toUpperCase() + " " + path, (String) map(operation).get("x-function"))));
            return functions;
        }
    }

    private static Set<String> openApiRoutes() throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile());
             InputStream in = zip.getInputStream(zip.getEntry("META-INF/swagger/flash-checkout-0.1.yml"))) {
            Map<String, Object> document = new Yaml().load(in);
            Set<String> routes = new TreeSet<>();
            map(document.get("paths")).forEach((path, operations) ->
                    map(operations).keySet().forEach(method -> routes.add(method.toUpperCase() + " " + path)));
            return routes;
        }
    }

    private static List<Map<String, Object>> events(Map<String, Object> function) {
        List<Map<String, Object>> events = new ArrayList<>();
        map(function.getOrDefault("Events", Map.of())).values().forEach(e -> events.add(map(e)));
        return events;
    }

    private static Set<String> pairs(Object entries, String first, String second) {
        return list(entries).stream().map(e -> map(e).get(first) + ":" + map(e).get(second)).collect(Collectors.toSet());
    }

    /** {@code !GetAtt X.Arn} -> X */
    private static String getAttTarget(Object value) {
        return (String) list(map(value).get("Fn::GetAtt")).get(0);
    }

    /** {@code !Sub flash-checkout-${Stage}-x} -> the string as written */
    private static String sub(Object value) {
        return (String) map(value).get("Fn::Sub");
    }

}
