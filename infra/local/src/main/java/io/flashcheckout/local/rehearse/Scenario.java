package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;

/**
 * A real sale's story as a named rehearsal ({@code rehearse --scenario NAME}): one or more runs of the rehearsal,
 * each with the options the story sets and the hooks that add its faults and its targets. Registered in
 * {@link Scenarios}.
 */
interface Scenario {
    /** The name after {@code --scenario}. */
    String name();

    /** One sentence: what a passing run proves. */
    String proves();

    /** The rehearsals to run, in order, at this size, each on an embedded stack of its own. */
    List<Run> runs(Size size);

    /**
     * The rehearsals to run against a deployment ({@code --api}; its options are added to each run's): by default
     * the same as on the embedded stack.
     *
     * @throws IllegalArgumentException why the scenario cannot run against a deployment
     */
    default List<Run> runsOnDeployment(Size size) {
        return runs(size);
    }

    /**
     * A story that is not a crowd rehearsal ({@link StoryScenario}) tells itself (its checks, on its own embedded
     * stack or on {@code deployment} when not null) and answers its exit code; a rehearsal scenario answers empty and
     * is run through {@link #runs(Size)}.
     */
    default OptionalInt tell(Size size, Deployment deployment, PrintWriter out, PrintWriter err) {
        return OptionalInt.empty();
    }

    /**
     * One rehearsal of the scenario.
     *
     * @param options the rehearsal's command-line options, as a user would type them
     */
    record Run(String title, List<String> options, ScenarioHooks hooks) {}

    /** full: the story's own size; ci: scaled down so that a test runs it in about a minute or two. */
    enum Size {
        FULL, CI;

        static Size parse(String value) {
            return switch (value) {
                case "full" -> FULL;
                case "ci" -> CI;
                default -> throw new IllegalArgumentException("--scenario-size is full or ci, not '" + value + "'");
            };
        }
    }
}
