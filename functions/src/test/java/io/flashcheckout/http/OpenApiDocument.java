package io.flashcheckout.http;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.micronaut.json.JsonMapper;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI document the jar publishes ({@code META-INF/swagger/flash-checkout-0.1.yml}): its routes, and the
 * JSON Schema (2020-12, as OpenAPI 3.1 writes it) of each route's answer by status.
 */
final class OpenApiDocument {
    static final String RESOURCE = "/META-INF/swagger/flash-checkout-0.1.yml";

    private final Map<String, Object> document;
    private final JsonMapper json = JsonMapper.createDefault();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiDocument(Map<String, Object> document) {
        this.document = document;
    }

    static OpenApiDocument published() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not in the jar");
            }
            return new OpenApiDocument(new Yaml().load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operation as API Gateway's route key, e.g. {@code POST /sales/{saleId}/reservations}. */
    Set<String> routeKeys() {
        Set<String> keys = new TreeSet<>();
        map(document.get("paths")).forEach((path, operations) ->
                map(operations).keySet().forEach(method -> keys.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return keys;
    }

    /**
     * What is wrong with an answer of {@code route} (null: a route the document does not have, whose answers are
     * problems), checked against the schema its status names (or the operation's default).
     */
    List<Error> errors(Route route, int status, String body) {
        String schema = route == null ? "#/components/schemas/Problem" : schemaRef(route, status);
        return schemas.computeIfAbsent(schema, this::compile).validate(body, InputFormat.JSON);
    }

    private String schemaRef(Route route, int status) {
        Map<String, Object> operation = map(map(map(document.get("paths")).get(route.path())).get(route.method().toLowerCase(Locale.ROOT)));
        Map<String, Object> responses = map(operation.get("responses"));
        Map<String, Object> response = map(responses.getOrDefault(String.valueOf(status), responses.get("default")));
        if (response.containsKey("$ref")) {
            String name = ((String) response.get("$ref")).substring("#/components/responses/".length());
            response = map(map(map(document.get("components")).get("responses")).get(name));
        }
        Map<String, Object> content = map(response.get("content"));
        return (String) map(map(content.values().iterator().next()).get("schema")).get("$ref");
    }

    /** A schema document holding the components, whose root refers to one of them. */
    private Schema compile(String ref) {
        try {
            String schema = json.writeValueAsString(Map.of(
                    "$schema", "https://json-schema.org/draft/2020-12/schema",
                    "$ref", ref,
                    "components", map(document.get("components"))));
            return registry.getSchema(schema, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value == null) {
            throw new IllegalStateException("the OpenAPI document lacks an expected entry");
        }
        return (Map<String, Object>) value;
    }
}
