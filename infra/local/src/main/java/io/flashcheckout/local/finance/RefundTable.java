package io.flashcheckout.local.finance;

import io.flashcheckout.checkout.Refund;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Refunds for a terminal: one line each, then a total per currency and the count. */
public final class RefundTable {
    private static final String ROW = "%-24s  %-40s  %-8s  %12s %-3s  %-12s  %-16s  %s%n";

    private RefundTable() {}

    public static void print(List<Refund> refunds, PrintWriter out) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        if (!refunds.isEmpty()) {
            out.printf(ROW, "UPDATED AT", "REFUND", "STATUS", "AMOUNT", "", "SALE", "CUSTOMER", "REASON");
        }
        for (Refund r : refunds) {
            out.printf(ROW, r.updatedAt(), r.refundId(), r.status(), r.amount().amountString(), r.amount().currency(),
                    r.saleId(), r.customerId(), oneLine(r.reason()));
            totals.merge(r.amount().currency(), r.amount().amount(), BigDecimal::add);
        }
        totals.forEach((currency, total) -> out.printf("total %s %s%n", total.toPlainString(), currency));
        out.println(refunds.size() == 1 ? "1 refund" : refunds.size() + " refunds");
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
    }
}
