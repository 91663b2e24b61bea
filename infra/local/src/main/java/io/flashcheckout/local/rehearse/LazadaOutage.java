package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.throttle.OutageHttpClient;
import io.flashcheckout.store.dynamodb.DynamoSaleStore;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.http.SdkHttpClient;

/**
 * {@code lazada-outage}: 5,000 phones, 60,542 registered buyers, and the shop down for 42 minutes in the middle of
 * the sale; carts vanished and some buyers were charged and still lost their order. Two runs of the same sale: the
 * payment provider down for a window (it still serves a tenth of the calls, and a charge that gets through loses its
 * answer), then DynamoDB down for the same window (every call of the functions fails, half as a refused connection,
 * half as a 500). The story's 42 minutes become 42 seconds (its minutes are the rehearsal's seconds), from 10 s after
 * the opening; at ci size, 21 s from 3 s, the sale being shorter. A third of the 60,542 come back after the window
 * (late shoppers, pressing again while sold out), so the sale goes on and sells out after it. Targets: no charge without an order or a refund, no
 * order lost, the holds of shoppers who could not pay released, sold out declared within a second of being true.
 */
final class LazadaOutage implements Scenario {
    /** While the provider is down, the share of its calls that still get through (a flapping provider). */
    static final double PROVIDER_SERVES_DURING_OUTAGE = 0.1;

    @Override
    public String name() {
        return "lazada-outage";
    }

    @Override
    public String proves() {
        return "with the payment provider, then DynamoDB, down for a window in the middle of the sale, no shopper is "
                + "charged without an order or a refund, no order is lost, the holds of shoppers who could not pay are "
                + "released and sold out is declared within a second of being true";
    }

    @Override
    public List<Run> runs(Size size) {
        // a third of the registered buyers come back after the outage (late shoppers, pressing again while sold out),
        // so the sale goes on and sells out after it
        List<String> sale = size == Size.FULL
                ? List.of("--same-jvm", "--stock", "5000", "--shoppers", "40361", "--limit", "2", "--hold-seconds", "60",
                        "--late-shoppers", "20181", "--late-from", "52", "--late-window", "60", "--late-retry-seconds", "2")
                : List.of("--same-jvm", "--stock", "60", "--shoppers", "484", "--limit", "2", "--hold-seconds", "60",
                        "--window", "5", "--half-life", "1", "--timeout-share", "0.02",
                        "--late-shoppers", "242", "--late-from", "24", "--late-window", "15", "--late-retry-seconds", "2");
        Duration from = Duration.ofSeconds(size == Size.FULL ? 10 : 3);
        Duration length = Duration.ofSeconds(size == Size.FULL ? 42 : 21);
        return List.of(
                new Run("the payment provider down " + describe(from, length), sale,
                        new OutageRun(Backend.PAYMENT_PROVIDER, from, length)),
                new Run("DynamoDB down " + describe(from, length), sale, new OutageRun(Backend.DYNAMODB, from, length)));
    }

    /** Its faults are put inside the embedded stack (the PSP simulator's switch, the functions' DynamoDB client). */
    @Override
    public List<Run> runsOnDeployment(Size size) {
        throw new IllegalArgumentException("lazada-outage takes the payment provider and DynamoDB down inside the embedded "
                + "stack (the simulator's outage switch, the functions' DynamoDB client); a deployment's cannot be taken "
                + "down from here: run it without --api, and on AWS take a stage's dependencies down with its own tools "
                + "while `rehearse --api ...` runs the same crowd (README, \"Scenarios\")");
    }

    private static String describe(Duration from, Duration length) {
        return String.format(Locale.ROOT, "for %d s from %d s after the opening", length.toSeconds(), from.toSeconds());
    }

    enum Backend { PAYMENT_PROVIDER, DYNAMODB }

    /** One run: the fault window, the shelf watch, and the four targets. */
    static final class OutageRun implements ScenarioHooks {
        private final Backend backend;
        private final FaultWindow window;
        private final List<OutageHttpClient> failing = new CopyOnWriteArrayList<>();
        private volatile LocalStack stack;
        private Target target;
        private SoldOutWatch watch;
        private Instant opensAt;

        OutageRun(Backend backend, Duration from, Duration length) {
            this.backend = backend;
            this.window = backend == Backend.PAYMENT_PROVIDER
                    ? new FaultWindow(from, length, () -> stack.pspSimulator().outage(PROVIDER_SERVES_DURING_OUTAGE),
                            () -> stack.pspSimulator().endOutage())
                    : FaultWindow.flag(from, length);
        }

        @Override
        public UnaryOperator<SdkHttpClient> functionsDynamoDb() {
            if (backend != Backend.DYNAMODB) {
                return null;
            }
            return http -> {
                OutageHttpClient client = new OutageHttpClient(http, window::down);
                failing.add(client);
                return client;
            };
        }

        @Override
        public void started(LocalStack stack) {
            this.stack = stack;
        }

        @Override
        public void opening(Instant opensAt, Target target, SaleSpec sale) {
            if (stack == null) {
                throw new IllegalStateException("lazada-outage takes a backend down: it runs on the embedded stack (--same-jvm)");
            }
            this.target = target;
            watch = new SoldOutWatch(new DynamoSaleStore(target.dynamo(), target.tables()), sale.saleId(), opensAt);
            this.opensAt = opensAt;
            window.startAt(opensAt);
        }

        @Override
        public boolean targetsMet(Rehearsal.Outcome outcome, PrintWriter out) {
            window.stop();
            out.println();
            out.printf("Outage: %s down %s; %s%n", backend == Backend.PAYMENT_PROVIDER ? "the payment provider" : "DynamoDB",
                    window.describe(), backend == Backend.PAYMENT_PROVIDER
                            ? String.format(Locale.ROOT, "it served %.0f %% of the calls meanwhile (a charge that got through lost "
                            + "its answer)", PROVIDER_SERVES_DURING_OUTAGE * 100)
                            : failing.stream().mapToLong(OutageHttpClient::failed).sum() + " of the functions' DynamoDB calls failed "
                            + "(refused connections and 500s, the SDK's retries included)");
            out.printf("  answered 503 busy: %,d reservations, %,d payments, %,d cancels; 500: %,d%n",
                    count(outcome, Route.RESERVE, "503"), count(outcome, Route.PAY, "503"), count(outcome, Route.CANCEL, "503"),
                    count(outcome, Route.RESERVE, "500") + count(outcome, Route.PAY, "500") + count(outcome, Route.CANCEL, "500"));
            List<ScenarioTarget> targets = List.of(money(outcome), noOrderLost(outcome), holdsReleased(outcome),
                    watch.target(outcome.tally(), backend == Backend.DYNAMODB ? window.endsAt(opensAt) : null));
            return ScenarioTarget.print("lazada-outage, " + (backend == Backend.PAYMENT_PROVIDER ? "payment provider" : "DynamoDB")
                    + " down", targets, out);
        }

        private static long count(Rehearsal.Outcome outcome, Route route, String status) {
            return outcome.tally().answers().getOrDefault(route, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(status)).mapToLong(Map.Entry::getValue).sum();
        }

        /** Every successful charge belongs to a paid order or was refunded (paid out). */
        private ScenarioTarget money(Rehearsal.Outcome outcome) {
            String name = "no charge without an order or a refund";
            PspLedger ledger;
            try {
                ledger = PspLedger.fetch(target.psp(), target.pspApiKey());
            } catch (IOException e) {
                return new ScenarioTarget(name, "0", "the PSP's ledger could not be read: " + e.getMessage(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ScenarioTarget(name, "0", "interrupted", false);
            }
            Set<String> refunded = new HashSet<>();
            ledger.payouts().forEach(p -> refunded.add(p.chargeId()));
            long charged = 0;
            List<String> orphans = new ArrayList<>();
            for (PspLedger.Charge charge : ledger.charges()) {
                if (!charge.succeeded()) {
                    continue;
                }
                charged++;
                JsonNode order = outcome.orders().get(charge.reference());
                String status = order == null ? "missing" : order.path("status").asText();
                if (!status.equals("PAID") && !refunded.contains(charge.chargeId())) {
                    orphans.add(charge.chargeId() + " (order " + charge.reference() + " " + status + ")");
                }
            }
            return new ScenarioTarget(name, "0 charges", orphans.size() + " of " + charged + " successful charges"
                    + (orphans.isEmpty() ? "" : ": " + String.join(", ", orphans.subList(0, Math.min(5, orphans.size())))),
                    orphans.isEmpty());
        }

        /** Every order an answer named (or the table holds) is read back, and has reached an end state. */
        private static ScenarioTarget noOrderLost(Rehearsal.Outcome outcome) {
            Set<String> named = new HashSet<>(outcome.traffic().orderIds());
            long missing = named.stream().filter(id -> !outcome.orders().containsKey(id)).count();
            long open = outcome.orders().values().stream().filter(o -> !InvariantAudit.terminal(o)).count();
            return new ScenarioTarget("no order lost", "0 missing, 0 not ended",
                    String.format(Locale.ROOT, "%d missing, %d not ended, of %,d orders", missing, open, outcome.orders().size()),
                    missing == 0 && open == 0);
        }

        /** Orders nobody paid for ended (expired or cancelled), each expiry within the recovery interval of its hold's end. */
        private static ScenarioTarget holdsReleased(Rehearsal.Outcome outcome) {
            long held = 0;
            long expired = 0;
            long cancelled = 0;
            Duration latest = Duration.ZERO;
            for (JsonNode o : outcome.orders().values()) {
                switch (o.path("status").asText()) {
                    case "RESERVED", "PAYING" -> held++;
                    case "EXPIRED" -> {
                        expired++;
                        Duration late = Duration.between(Instant.parse(o.path("holdExpiresAt").asText()),
                                Instant.parse(o.path("updatedAt").asText()));
                        latest = late.compareTo(latest) > 0 ? late : latest;
                    }
                    case "CANCELLED" -> cancelled++;
                    default -> { }
                }
            }
            boolean met = held == 0 && latest.compareTo(outcome.recoveryInterval()) <= 0;
            return new ScenarioTarget("holds of shoppers who could not pay released",
                    "0 still held, each within " + outcome.recoveryInterval().toSeconds() + " s of its hold's end",
                    String.format(Locale.ROOT, "%d still held; %,d expired (the latest %.1f s after its hold's end), %,d cancelled",
                            held, expired, latest.toMillis() / 1000.0, cancelled), met);
        }
    }
}
