package io.flashcheckout.local;

import io.flashcheckout.psp.ChargeRecord;
import io.flashcheckout.psp.LedgerSnapshot;
import io.flashcheckout.psp.RefundRecord;
import io.flashcheckout.support.TableAudit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md's invariants for one sale, read from the tables with plain scans and from the PSP simulator's ledger,
 * independent of the code under test: 1-3 through {@link TableAudit}, 4 (money) and 5 (liveness) here.
 */
final class Invariants {
    private static final Set<String> TERMINAL = Set.of("PAID", "CANCELLED", "EXPIRED", "REFUNDED");

    private Invariants() {}

    /** Invariants 1-4; 5 too when {@code drained} (traffic stopped and the queues are empty). */
    static void check(CheckoutRig rig, String saleId, boolean drained) {
        TableAudit audit = new TableAudit(rig.dynamo, rig.tables);
        audit.assertInvariants(saleId);
        List<Map<String, AttributeValue>> orders = audit.scan(rig.tables.orders()).stream()
                .filter(item -> item.get("pk").s().startsWith("ORDER#") && saleId.equals(item.get("saleId").s()))
                .toList();
        Set<String> orderIds = orders.stream().map(o -> o.get("orderId").s()).collect(Collectors.toSet());
        List<Map<String, AttributeValue>> refunds = audit.scan(rig.tables.refunds()).stream()
                .filter(r -> orderIds.contains(r.get("orderId").s()))
                .toList();
        LedgerSnapshot ledger = rig.psp.ledger();
        List<ChargeRecord> charges = ledger.charges().stream()
                .filter(ChargeRecord::succeeded)
                .filter(c -> orderIds.contains(c.reference()))
                .toList();

        for (ChargeRecord charge : charges) {
            long paidOrders = orders.stream().filter(o -> "PAID".equals(o.get("status").s())
                    && charge.chargeId().equals(text(o, "chargeId"))).count();
            long refundRecords = refunds.stream().filter(r -> charge.chargeId().equals(text(r, "chargeId"))).count();
            // while traffic runs a charge may still be settling (its order PAYING); once drained it has its one home
            assertThat(paidOrders + refundRecords)
                    .as("charge %s (order %s) maps to one PAID order or one refund", charge.chargeId(), charge.reference())
                    .isBetween(drained ? 1L : 0L, 1L);
        }
        charges.stream().collect(Collectors.groupingBy(ChargeRecord::reference, Collectors.counting()))
                .forEach((order, n) -> assertThat(n).as("successful charges of order %s", order).isEqualTo(1));
        for (Map<String, AttributeValue> order : orders) {
            if ("PAID".equals(order.get("status").s())) {
                assertThat(charges).as("PAID order %s has its charge at the provider", order.get("orderId").s())
                        .anyMatch(c -> c.chargeId().equals(text(order, "chargeId")));
            }
        }
        for (Map<String, AttributeValue> refund : refunds) {
            List<RefundRecord> paidOut = ledger.refundsForCharge(text(refund, "chargeId"));
            if ("REFUNDED".equals(refund.get("status").s())) {
                assertThat(paidOut).as("refund %s paid out once", text(refund, "refundId")).hasSize(1);
                assertThat(paidOut.get(0).amount()).isEqualByComparingTo(new BigDecimal(text(refund, "amount")));
            } else {
                assertThat(paidOut).as("pending refund %s not paid out yet", text(refund, "refundId")).isEmpty();
            }
        }
        if (drained) {
            for (Map<String, AttributeValue> order : orders) {
                assertThat(order.get("status").s()).as("order %s is terminal once the queues drained", order.get("orderId").s())
                        .isIn(TERMINAL);
            }
            for (Map<String, AttributeValue> refund : refunds) {
                assertThat(refund.get("status").s()).as("refund %s", text(refund, "refundId")).isEqualTo("REFUNDED");
            }
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
