package io.flashcheckout.local.rehearse;

import java.io.PrintStream;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The rehearsal's progress (me.tongfei:progressbar): one bar for the shoppers, one for the orders settling. On a
 * terminal the bar redraws in place; in a log (CI) a line every 5 seconds.
 */
final class ProgressBars implements Rehearsal.Progress, AutoCloseable {
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private ProgressBar shoppers;
    private boolean shoppingOver;
    private ProgressBar settling;

    ProgressBars(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void shoppersDone(int done, int total, String message) {
        if (shoppingOver) {
            return;
        }
        if (shoppers == null) {
            shoppers = bar("shoppers", total);
        }
        shoppers.stepTo(done);
        shoppers.setExtraMessage(message);
    }

    @Override
    public synchronized void ordersSettled(int settled, int total) {
        if (!shoppingOver && shoppers != null) {
            shoppers.close();
        }
        shoppingOver = true;
        if (settling == null) {
            settling = bar("orders settled", total);
        }
        settling.stepTo(settled);
    }

    private ProgressBar bar(String task, int total) {
        ProgressBarConsumer consumer = terminal ? new ConsoleProgressBarConsumer(out)
                : new DelegatingProgressBarConsumer(out::println, 100);
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(terminal ? 250 : 5_000).setConsumer(consumer).build();
    }

    @Override
    public synchronized void close() {
        if (!shoppingOver && shoppers != null) {
            shoppers.close();
        }
        if (settling != null) {
            settling.close();
        }
    }
}
