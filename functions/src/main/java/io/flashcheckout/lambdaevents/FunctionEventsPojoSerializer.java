package io.flashcheckout.lambdaevents;

import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.ObjectMapper;

import java.util.Map;

/**
 * How Lambda's Java runtime reads a function's event and writes its answer (found through
 * {@code META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer}): micronaut-serde over the
 * introspections of {@link FunctionEvents}' package alone, as micronaut-aws-lambda-events-serde's serializer did
 * over its own.
 */
public final class FunctionEventsPojoSerializer extends JsonMapperCustomPojoSerializer {

    @Override
    protected JsonMapper createDefault() {
        return ObjectMapper.create(Map.of(), FunctionEvents.PACKAGE);
    }
}
