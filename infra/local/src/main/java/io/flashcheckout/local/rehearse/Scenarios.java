package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;

/** The scenarios this build knows, and how {@code rehearse --scenario NAME} runs one. */
final class Scenarios {
    /** The scenarios of this build, by name. A new one is one class and one line here. */
    static final Map<String, Scenario> BUILT = byName(new LazadaOutage(), new RedmiIndia(), new StoreClosing(), new PocoM3());


    private Scenarios() {}

    private static Map<String, Scenario> byName(Scenario... scenarios) {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            all.put(s.name(), s);
        }
        return Map.copyOf(all);
    }

    /** Every name, sorted: for the help and the usage errors. */
    static List<String> names() {
        return BUILT.keySet().stream().sorted().toList();
    }

    /** The help's completion candidates. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }

    /**
     * Runs every rehearsal of the scenario one after the other, each with its own embedded stack or against
     * {@code deployment} when not null, and prints a summary. Exit code: 2 for an unknown name or size or a scenario
     * that cannot run against a deployment, else the worst of the runs' (1 when an invariant or a target failed).
     */
    static int run(String name, String size, Path report, Deployment deployment, PrintWriter out, PrintWriter err) {
        Scenario.Size scale;
        try {
            scale = Scenario.Size.parse(size);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        Scenario scenario = BUILT.get(name);
        if (scenario == null) {
            err.println("unknown --scenario '" + name + "': one of " + String.join(", ", names()));
            err.flush();
            return 2;
        }
        out.printf("Scenario %s (%s): %s%n", name, scale.name().toLowerCase(java.util.Locale.ROOT), scenario.proves());
        out.flush();
        java.util.OptionalInt told = scenario.tell(scale, deployment, out, err);
        if (told.isPresent()) {
            out.printf("%nScenario %s: %s%n", name, told.getAsInt() == 0 ? "PASS" : told.getAsInt() == 2 ? "NOT RUN" : "FAIL");
            out.flush();
            return told.getAsInt();
        }
        List<Scenario.Run> runs;
        try {
            runs = deployment == null ? scenario.runs(scale) : scenario.runsOnDeployment(scale);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        int worst = 0;
        List<String> summary = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Scenario.Run run = runs.get(i);
            out.printf("%n=== %s, run %d of %d: %s%n", name, i + 1, runs.size(), run.title());
            out.println("    rehearse " + String.join(" ", run.options()) + (deployment == null ? ""
                    : " --api " + deployment.api + " (and this command's other deployment options)"));
            out.flush();
            RehearseCommand rehearsal = new RehearseCommand();
            rehearsal.hooks = run.hooks();
            CommandLine cli = new CommandLine(rehearsal);
            cli.setOut(out);
            cli.setErr(err);
            List<String> args = new ArrayList<>(run.options());
            if (deployment != null) {
                args.addAll(deployment.args());
            }
            args.addAll(List.of("--report", report.resolveSibling(name + "-" + (i + 1) + ".html").toString()));
            int exit = cli.execute(args.toArray(String[]::new));
            summary.add(String.format("  %s  run %d: %s", exit == 0 ? "PASS" : "FAIL", i + 1, run.title()));
            worst = Math.max(worst, exit);
        }
        out.println();
        out.printf("Scenario %s: %s%n", name, worst == 0 ? "PASS" : "FAIL");
        summary.forEach(out::println);
        out.flush();
        return worst;
    }
}
