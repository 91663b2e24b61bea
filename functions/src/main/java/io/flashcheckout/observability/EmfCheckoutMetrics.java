package io.flashcheckout.observability;

import io.flashcheckout.checkout.CheckoutEvent;
import io.flashcheckout.checkout.CheckoutMetrics;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The checkout's counts as CloudWatch metrics in Embedded Metric Format, through Powertools' functional API: each
 * invocation that counted something writes one EMF record to standard output, where Lambda's log stream carries it
 * to CloudWatch. A Lambda container runs one invocation at a time; the lock only keeps a stray thread honest.
 */
public final class EmfCheckoutMetrics implements CheckoutMetrics {
    private final Metrics metrics;
    private boolean counted;

    public EmfCheckoutMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public synchronized void count(CheckoutEvent event, long times) {
        if (times > 0) {
            metrics.addMetric(event.metricName(), times, MetricUnit.COUNT);
            counted = true;
        }
    }

    /** Nothing counted, nothing written: a read or an idle sweep leaves no empty record. */
    @Override
    public synchronized void publish() {
        if (counted) {
            counted = false;
            metrics.flush();
        }
    }
}
