package io.flashcheckout.local.finance;

import io.flashcheckout.checkout.Refund;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Refunds as RFC 4180 CSV with a header row; instants ISO-8601 in UTC, amounts at the currency's scale. Ids and
 * reasons come from shoppers and admins, so every cell goes through {@link FormulaGuard} before finance opens the file
 * in a spreadsheet.
 */
public final class RefundCsv {
    static final String[] HEADER = {"refundId", "orderId", "saleId", "customerId", "chargeId", "providerRefundId",
            "amount", "currency", "status", "reason", "createdAt", "updatedAt"};

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader(HEADER).get();

    private RefundCsv() {}

    /** Writes and flushes, but leaves {@code out} open: it may be standard output. */
    public static void write(List<Refund> refunds, Appendable out) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, FORMAT);
        for (Refund r : refunds) {
            printer.printRecord(Stream.of(r.refundId(), r.orderId(), r.saleId(), r.customerId(), r.chargeId(),
                    r.providerRefundId(), r.amount().amountString(), r.amount().currency(), r.status().name(), r.reason(),
                    r.createdAt(), r.updatedAt()).map(FormulaGuard::cell));
        }
        printer.flush();
    }
}
