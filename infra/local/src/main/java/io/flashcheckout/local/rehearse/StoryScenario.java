package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A scenario that is not a crowd rehearsal: a story that tells itself (its own checks, on its own stack or a
 * deployment), so it has no runs and always answers an exit code.
 */
abstract class StoryScenario implements Scenario {
    @Override
    public final List<Run> runs(Size size) {
        return List.of();
    }

    @Override
    public final OptionalInt tell(Size size, Deployment deployment, PrintWriter out, PrintWriter err) {
        return OptionalInt.of(tellStory(size, deployment, out, err));
    }

    /**
     * Tells the story at this size, on its own embedded stack or on {@code deployment} when not null, and answers its
     * exit code (0: every check passed).
     */
    abstract int tellStory(Size size, Deployment deployment, PrintWriter out, PrintWriter err);

    /** The deployment as the story's stage; empty once {@code err} says why its options cannot make one. */
    final Optional<StoryStage> stage(Deployment deployment, PrintWriter err) {
        try {
            return Optional.of(deployment.stage("--scenario " + name()));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return Optional.empty();
        }
    }
}
