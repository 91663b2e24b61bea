package io.flashcheckout.local.rehearse;

import io.flashcheckout.local.LocalStack;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.http.SdkHttpClient;

/**
 * What a {@link Scenario}'s run adds to a rehearsal, at the points where {@link RehearseCommand} calls it: a fault
 * under the functions' DynamoDB client, the embedded stack once it runs (its PSP simulator), the opening (to time
 * a fault window, to watch the shelf) and the end, where it prints its targets as PASS/FAIL lines.
 */
interface ScenarioHooks {
    ScenarioHooks NONE = new ScenarioHooks() {};

    /** Wraps the functions' DynamoDB HTTP client (embedded stack in the crowd's JVM); null: left as it is. */
    default UnaryOperator<SdkHttpClient> functionsDynamoDb() {
        return null;
    }

    /** The embedded stack, started in the crowd's JVM for this run. */
    default void started(LocalStack stack) {}

    /** The sale is about to be created; it opens at {@code opensAt}. */
    default void opening(Instant opensAt, Target target, SaleSpec sale) {}

    /** After the report: prints one PASS/FAIL line per target; false when one failed. */
    default boolean targetsMet(Rehearsal.Outcome outcome, PrintWriter out) {
        return true;
    }
}
