package io.flashcheckout.local.rehearse;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code poco-m3}: 50,000 phones in five minutes on three channels, scalper orders cancelled and the stock sold again
 * in a second wave. Told by {@link ChannelStory} on the embedded stack in this JVM or on a deployment (which must
 * accept the channels' app clients, {@code channel-<name>}); the ci size is the one {@code ChannelStoryTest} ran
 * before the scenario existed.
 */
final class PocoM3 extends StoryScenario {
    @Override
    public String name() {
        return "poco-m3";
    }

    @Override
    public String proves() {
        return "three channels under one ceiling sell out, the review finds the planted scalpers, their cancel refunds "
                + "through the finance queue, and a second wave sells exactly the units that came back";
    }

    @Override
    int tellStory(Size size, Deployment deployment, PrintWriter out, PrintWriter err) {
        ChannelStory.Options options = size == Size.FULL
                ? new ChannelStory.Options(ChannelStory.Options.parseChannels("lazada:20000,akulaku:10000,mi:20000"),
                        60_542, 0.1, 10, 2, 42)
                : new ChannelStory.Options(ChannelStory.Options.parseChannels("lazada:24,akulaku:12,mi:24"),
                        80, 0.15, 3, 1, 7);
        if (deployment == null) {
            return told(() -> ChannelStory.run(options, out), err);
        }
        Optional<StoryStage> stage = stage(deployment, err);
        if (stage.isEmpty()) {
            return 2;
        }
        try (StoryStage on = stage.get()) {
            return told(() -> ChannelStory.run(options, on, out), err);
        }
    }

    /** The story's exit code, or 1 when it stopped on an exception (said on {@code err}). */
    private static int told(java.util.concurrent.Callable<Integer> story, PrintWriter err) {
        try {
            return story.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("poco-m3: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("poco-m3: the story stopped: " + e);
            err.flush();
            return 1;
        }
    }
}
