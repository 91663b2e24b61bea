package io.flashcheckout.local.finance;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.Refund;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The finance CSV opens in a spreadsheet: no cell that carries input may run as a formula. */
class RefundCsvTest {

    @Test
    void cellsThatASpreadsheetWouldRunAsAFormulaStartWithAQuote() throws IOException {
        Refund refund = new Refund("rf-=1+1-1", "-2+3", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "\tch_tab",
                Money.of("19.99", "EUR"), Refund.Status.PENDING, "=HYPERLINK(\"http://attacker.example\",\"open\")",
                Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T10:05:00Z"), "\r=1+1");

        CSVRecord row = written(refund);

        assertThat(row.get("refundId")).isEqualTo("rf-=1+1-1");
        assertThat(row.get("orderId")).isEqualTo("'-2+3");
        assertThat(row.get("saleId")).isEqualTo("'@SUM(A1:A9)");
        assertThat(row.get("customerId")).isEqualTo("'+cmd|' /C calc'!A0");
        assertThat(row.get("chargeId")).isEqualTo("'\tch_tab");
        assertThat(row.get("providerRefundId")).isEqualTo("'\r=1+1");
        assertThat(row.get("reason")).isEqualTo("'=HYPERLINK(\"http://attacker.example\",\"open\")");
    }

    @Test
    void amountsAndOtherPlainValuesStayAsTheyAre() throws IOException {
        Refund refund = new Refund("rf-o-1-1", "o-1", "flash-1", "alice", "ch_1", Money.of("0.50", "EUR"),
                Refund.Status.REFUNDED, "cancelled - too late", Instant.parse("2026-11-01T10:00:00Z"),
                Instant.parse("2026-11-01T10:05:00Z"), null);

        CSVRecord row = written(refund);

        assertThat(row.get("amount")).isEqualTo("0.50");
        assertThat(row.get("reason")).isEqualTo("cancelled - too late");
        assertThat(row.get("providerRefundId")).isEmpty();
        assertThat(row.get("createdAt")).isEqualTo("2026-11-01T10:00:00Z");
        assertThat(FormulaGuard.cell("-12.50")).as("a negative amount stays a number").isEqualTo("-12.50");
        assertThat(FormulaGuard.cell("-12.50+1")).isEqualTo("'-12.50+1");
    }

    private static CSVRecord written(Refund refund) throws IOException {
        StringBuilder csv = new StringBuilder();
        RefundCsv.write(List.of(refund), csv);
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.toString()))) {
            List<CSVRecord> records = parser.getRecords();
            assertThat(records).hasSize(1);
            return records.get(0);
        }
    }
}
