package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.util.List;

/** One of a scenario's targets, measured: printed as a PASS or FAIL line beside the six invariants. */
record ScenarioTarget(String name, String target, String measured, boolean met) {

    /** Prints each target's line; true when every one is met. */
    static boolean print(String title, List<ScenarioTarget> targets, PrintWriter out) {
        out.println();
        out.println("Scenario targets (" + title + "):");
        for (ScenarioTarget t : targets) {
            out.printf("  %s  %s: %s (target: %s)%n", t.met() ? "PASS" : "FAIL", t.name(), t.measured(), t.target());
        }
        out.flush();
        return targets.stream().allMatch(ScenarioTarget::met);
    }
}
