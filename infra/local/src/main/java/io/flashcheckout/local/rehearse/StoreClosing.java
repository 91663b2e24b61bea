package io.flashcheckout.local.rehearse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code store-closing}: the Poco store folded into Xiaomi's, Mi Talk shut down after telling users to export. Told by
 * {@link StoreClosingStory} on a stack of its own or, with {@code --close-the-store}, a deployment; the story is the
 * same at both sizes (one shopper, one sale).
 */
final class StoreClosing extends StoryScenario {
    @Override
    public String name() {
        return "store-closing";
    }

    @Override
    public String proves() {
        return "a closing store lets shoppers export their data, refuses writes after its date while reads work, "
                + "then deletes personal data and keeps what finance must keep";
    }

    @Override
    int tellStory(Size size, Deployment deployment, PrintWriter out, PrintWriter err) {
        ByteArrayOutputStream told = new ByteArrayOutputStream();
        int exit;
        try (PrintStream lines = new PrintStream(told, true, StandardCharsets.UTF_8)) {
            if (deployment == null) {
                exit = new StoreClosingStory().run(lines);
            } else if (!deployment.closeTheStore) {
                err.println("store-closing closes the deployment's store for good (every write refused after the date) "
                        + "and deletes its shoppers' personal data: run it against a stage made for it, and say so with "
                        + "--close-the-store");
                err.flush();
                return 2;
            } else {
                Optional<StoryStage> stage = stage(deployment, err);
                if (stage.isEmpty()) {
                    return 2;
                }
                try (StoryStage on = stage.get()) {
                    exit = new StoreClosingStory().run(on, StoreClosingStory.DEPLOYMENT_RETENTION_WAIT, lines);
                }
            }
        }
        out.print(told.toString(StandardCharsets.UTF_8));
        out.flush();
        return exit;
    }
}
