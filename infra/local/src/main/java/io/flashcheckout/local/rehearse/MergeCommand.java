package io.flashcheckout.local.rehearse;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code rehearse merge}: adds up the slices of one rehearsal (their HdrHistogram logs, answer counts, per-second
 * series and journeys), then waits for every order to settle and audits the six invariants once, against the
 * deployment the slices shopped at, and reports as one rehearsal.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merges the --out directories of every slice of one rehearsal (rehearse --slice i/n) into one "
                + "report, and audits the invariants once, at the end, against the deployment. Exit code 0 when every "
                + "invariant holds, 1 otherwise, 2 when the slices do not make one whole rehearsal."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR|FILE", description = "One directory per slice, each written by --out; "
            + "or a JSON file of Lambda slices' answers (one, an array, or the fan-out's Step Functions result file).")
    List<Path> dirs;

    @Mixin
    AfterTheTraffic after;

    @Option(names = "--report", defaultValue = "target/rehearsal/merged.html", paramLabel = "FILE",
            description = "Where the HTML report goes. Default: ${DEFAULT-VALUE}")
    Path report;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nThe deployment the slices shopped at:%n")
    Deployment deployment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SliceFiles.Read merged;
        Target target;
        try {
            List<SliceFiles.Read> slices = new ArrayList<>();
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir)) {
                    for (Path unpacked : SliceFiles.unpack(dir, Files.createTempDirectory("rehearsal-merge"))) {
                        slices.add(SliceFiles.read(unpacked));
                    }
                } else {
                    slices.add(SliceFiles.read(dir));
                }
            }
            merged = SliceFiles.merge(slices);
            target = deployment.target();
        } catch (IllegalArgumentException | IOException | IndexOutOfBoundsException e) {
            // a histogram past the tally's range, a count that is not a number, a route this tool does not know
            err.println("the slices cannot be merged: " + e.getMessage());
            return 2;
        }
        SliceFiles.Manifest m = merged.manifest();
        out.printf("Merging %d slices of %s (seed %d): %,d of %,d shoppers sent, %,d requests%n", m.slices(), m.saleId(),
                m.seed(), m.shoppersSent(), m.crowdSize(), merged.traffic().tally().requests());
        out.flush();
        Rehearsal.Limits limits = new Rehearsal.Limits(Duration.ZERO, after.settle(),
                after.recoveryInterval());
        Rehearsal.Outcome outcome;
        try (DynamoDbClient dynamo = target.dynamo();
             Storefront api = new Storefront(target.api(), 64, Duration.ofSeconds(30));
             ProgressBars progress = new ProgressBars(System.err)) {
            outcome = new Rehearsal(target, api, limits).settleAndAudit(m.sale(), m.crowdSize(), merged.traffic(), progress);
        }
        return RehearseCommand.report(new RehearsalReport(target.description() + ", " + m.slices() + " slices merged",
                outcome, null, Instant.now()), report, out);
    }
}
