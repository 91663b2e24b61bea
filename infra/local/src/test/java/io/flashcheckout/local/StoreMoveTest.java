package io.flashcheckout.local;

import io.flashcheckout.checkout.Money;
import io.flashcheckout.checkout.NewSale;
import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.OrderStatus;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.checkout.Sale;
import io.flashcheckout.local.storemove.ItemJson;
import io.flashcheckout.psp.PspSimulator;
import io.flashcheckout.psp.SimulatorConfig;
import io.flashcheckout.store.OrderStore;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store moved with {@code store export} / {@code store import} from one deployment (its own DynamoDB Local) to
 * another, both paying through one PSP simulator: after-sales work on the new one, and a paid order is refunded once
 * across both, whichever cancels it first and however often.
 */
class StoreMoveTest {

    @Test
    void aPaidOrderMovedToAnotherDeploymentIsRefundedThereAndOnlyOnceAcrossBoth(@TempDir Path dir) throws Exception {
        try (PspSimulator psp = PspSimulator.start(SimulatorConfig.defaults().withTimeoutDelay(Duration.ofSeconds(3)));
             CheckoutRig source = new CheckoutRig(psp);
             CheckoutRig target = new CheckoutRig(psp)) {
            Sale sale = source.sales().create(new NewSale("moving", "PHONE-M3", "Poco M3", Money.of("149.00", "EUR"), 10L, 1,
                    source.clock.instant().minusSeconds(60), source.clock.instant().plus(Duration.ofDays(1)), 600, 2)).sale();
            Requester shopper = Requester.shopper("mover");
            Order reserved = source.reserve().reserve(sale.saleId(), shopper, 1, "move-key-1").order();
            source.pay().pay(reserved.orderId(), shopper, "tok_approve");
            Order paid = orders(source).find(reserved.orderId()).orElseThrow();
            assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
            source.drain();

            Path moved = dir.resolve("store");
            assertThat(run("store", "export", "--out", moved.toString(), "--prefix", source.prefix,
                    "--dynamodb-endpoint", source.dynamoDbEndpoint.toString())).isZero();
            assertThat(Files.readAllLines(moved.resolve("orders.jsonl"))).anySatisfy(l -> assertThat(l).contains(paid.orderId()));
            assertThat(run("store", "import", "--from", moved.toString(), "--prefix", target.prefix,
                    "--dynamodb-endpoint", target.dynamoDbEndpoint.toString())).isZero();
            StringWriter again = new StringWriter();
            assertThat(run(again, "store", "import", "--from", moved.toString(), "--prefix", target.prefix,
                    "--dynamodb-endpoint", target.dynamoDbEndpoint.toString())).isZero();
            assertThat(again.toString()).as("an import run again writes nothing").contains("orders: 0 items written");

            Order there = orders(target).find(paid.orderId()).orElseThrow();
            assertThat(there).isEqualTo(paid);
            assertThat(target.sales().view(sale.saleId()).available()).isEqualTo(9);

            target.release().cancel(paid.orderId(), shopper, null);
            target.drain();
            assertThat(orders(target).find(paid.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.REFUNDED);
            assertThat(target.sales().view(sale.saleId()).available()).as("the unit is back on sale there").isEqualTo(10);

            source.release().cancel(paid.orderId(), shopper, null);
            source.drain();
            assertThat(orders(source).find(paid.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.REFUNDED);

            assertThat(psp.ledger().refundsForCharge(paid.chargeId())).as("refunds at the provider").hasSize(1);
            assertThat(psp.ledger().refundedAmount(paid.chargeId())).isEqualByComparingTo(new BigDecimal("149.00"));
        }
    }

    @Test
    void anImportOfAFolderWithoutAStoreOrWithABrokenLineFailsWithItsReason(@TempDir Path dir) throws Exception {
        StringWriter missing = new StringWriter();
        assertThat(runWithErr(missing, "store", "import", "--from", dir.resolve("missing").toString(),
                "--dynamodb-endpoint", "http://127.0.0.1:1", "--region", "us-east-1")).isEqualTo(1);
        assertThat(missing.toString()).contains("sales.jsonl").contains("json.gz");

        Files.writeString(dir.resolve("sales.jsonl"), "{\"Item\":{\"pk\":{\"S\":\"SALE#x\"}}}\n{\"Item\":{\"pk\":{\"X\":1}}}\n");
        Files.writeString(dir.resolve("orders.jsonl"), "");
        Files.writeString(dir.resolve("refunds.jsonl"), "");
        StringWriter broken = new StringWriter();
        assertThat(runWithErr(broken, "store", "import", "--from", dir.toString(),
                "--dynamodb-endpoint", "http://127.0.0.1:1", "--region", "us-east-1")).isEqualTo(1);
        assertThat(broken.toString()).contains("sales.jsonl line 2").contains("unknown attribute type X");
    }

    @Test
    void everyAttributeTypeSurvivesALine() throws Exception {
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("ORDER#o-1"),
                "n", AttributeValue.fromN("149.000000000000000001"),
                "flag", AttributeValue.fromBool(true),
                "none", AttributeValue.fromNul(true),
                "bytes", AttributeValue.fromB(SdkBytes.fromUtf8String("fp")),
                "names", AttributeValue.fromSs(List.of("a", "b")),
                "numbers", AttributeValue.fromNs(List.of("1", "2.5")),
                "list", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("3"))),
                "map", AttributeValue.fromM(Map.of("inner", AttributeValue.fromS("y"))));
        assertThat(ItemJson.item(ItemJson.line(item))).isEqualTo(item);
    }

    private static OrderStore orders(CheckoutRig rig) {
        return rig.context.getBean(OrderStore.class);
    }

    private static int run(String... args) {
        return run(new StringWriter(), args);
    }

    private static int runWithErr(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new LocalCommand());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new LocalCommand());
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }
}
