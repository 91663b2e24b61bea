package io.flashcheckout.http;

import org.slf4j.MDC;

/** Puts the ids of the request on every log line written while it runs (the JSON log carries the MDC). */
final class RequestLog implements AutoCloseable {
    private final MDC.MDCCloseable[] entries;

    private RequestLog(MDC.MDCCloseable... entries) {
        this.entries = entries;
    }

    static RequestLog sale(String saleId, String customerId) {
        return new RequestLog(MDC.putCloseable("saleId", saleId), MDC.putCloseable("customerId", customerId));
    }

    static RequestLog order(String orderId, String customerId) {
        return new RequestLog(MDC.putCloseable("orderId", orderId), MDC.putCloseable("customerId", customerId));
    }

    @Override
    public void close() {
        for (MDC.MDCCloseable entry : entries) {
            entry.close();
        }
    }
}
