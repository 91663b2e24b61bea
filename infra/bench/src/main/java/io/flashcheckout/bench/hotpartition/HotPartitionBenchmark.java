package io.flashcheckout.bench.hotpartition;

import io.flashcheckout.bench.ApiCalls;
import io.flashcheckout.bench.LocalCheckout;
import io.flashcheckout.bench.Machine;
import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.local.throttle.PartitionThrottle;
import io.flashcheckout.local.throttle.ThrottlingHttpClient;
import io.flashcheckout.checkout.ReserveService;
import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The record sale (40,000 phones in 4.2 s) against DynamoDB's per-partition write cap, emulated on DynamoDB Local by
 * a {@link ThrottlingHttpClient} under the real ReserveService's DynamoDB client, with 1 stock shard and with many.
 * Cap and stock are divided by the same factor so that the emulated partitions, not DynamoDB Local, set the pace.
 */
@Command(name = "hot-partition", mixinStandardHelpOptions = true,
        description = "Sells out the record sale (scaled) through the real ReserveService with DynamoDB's per-partition "
                + "write cap emulated per key; time to sell out per shard count, throttles, and an oversell check.")
public final class HotPartitionBenchmark implements Callable<Integer> {

    @Option(names = "--shards", split = ",", description = "shard counts to sell with (default: ${DEFAULT-VALUE})")
    List<Integer> shardCounts = List.of(1, 16, 32);

    @Option(names = "--stock", description = "units of the real sale (default: ${DEFAULT-VALUE})")
    long stock = 40_000;

    @Option(names = "--cap", description = "DynamoDB's write units a second per partition (default: ${DEFAULT-VALUE})")
    double cap = 1000;

    @Option(names = "--scale", description = "k: the stock is divided by k, and so is the cap, unless the backend "
            + "needs it divided further (see --backend-share) (default: ${DEFAULT-VALUE})")
    double scale = 25;

    @Option(names = "--backend-share", description = "the most of the backend's measured uncapped reserve rate a capped "
            + "run may need; a run that would need more gets its cap (and clock) slowed further (default: ${DEFAULT-VALUE})")
    double backendShare = 0.4;


    @Option(names = "--transaction-units", description = "write units an item of a TransactWriteItems costs; DynamoDB "
            + "bills 2 per item up to 1 KB, 1 for a standard write (default: ${DEFAULT-VALUE})")
    double transactionUnits = 2;

    @Option(names = "--burst", description = "seconds of its cap a partition's bucket holds (at least one "
            + "transaction's units) (default: ${DEFAULT-VALUE})")
    double burstSeconds = 0.1;

    @Option(names = "--threads", description = "shoppers calling at once (default: ${DEFAULT-VALUE})")
    int threads = 48;

    @Option(names = "--target", description = "seconds the record sale took (default: ${DEFAULT-VALUE})")
    double targetSeconds = 4.2;

    @Option(names = "--warmup-units", description = "units of the uncapped warm-up sale (largest shard count) that "
            + "measures the backend's reserve rate, after a first pass of half as many for the JIT; 0 for none "
            + "(default: ${DEFAULT-VALUE})")
    long warmupUnits = 600;

    @Option(names = "--max-seconds", description = "gives up a run after this long (default: ${DEFAULT-VALUE})")
    double maxSeconds = 300;

    /** The runs of the last call, for the smoke test. */
    List<Run> last;

    /**
     * Keys written by one shopper or for one order: their load does not grow with the sale (a shopper writes their
     * count and order a few times whatever the stock), so scaling the sale down leaves their cap as it is.
     */
    static final Set<String> OWN_CAP_KINDS = Set.of("LIMIT", "ORDER", "index:byCustomer");

    private final AtomicLong customers = new AtomicLong();

    /** One sale sold out (or given up), with the cap per shared key it ran under and its clock factor. */
    record Run(int shards, long stock, double capPerKey, double clock, long sold, double lastSaleSeconds, double allDoneSeconds, long writesChecked,
               long writesThrottled, Map<String, Long> throttledByKind, Map<String, Long> surfaced,
               Map<String, ApiCalls.Tally> calls, LocalCheckout.Stocktake stocktake, boolean gaveUp) {
        boolean soldExactly() {
            return !gaveUp && sold == stock && stocktake.soldExactly(stock) && !stocktake.anyShardNegative();
        }
    }

    @Override
    public Integer call() {
        last = run(System.out);
        return last.stream().allMatch(Run::soldExactly) ? 0 : 1;
    }

    List<Run> run(PrintStream out) {
        long runStock = Math.max(1, Math.round(stock / scale));
        int maxShards = shardCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
        out.println("hot-partition: the record sale against DynamoDB's per-partition write cap, through the real ReserveService");
        out.println("machine: " + Machine.describe());
        out.printf("real sale: %,d units, cap %.0f write units/s per partition key; a reserve writes 3 items in one "
                + "TransactWriteItems at %.0f units each (+1 per index partition the order lands in)%n", stock, cap, transactionUnits);
        out.printf("how the scaling works: selling out takes about stock / (shards x cap / %.0f units per reserve). The "
                + "stock is divided by k = %.0f (%,d units) and the cap per shared key (stock shards, sale item, byDue "
                + "index partitions) by k_c >= k. With k_c = k that time is unchanged (simulated = measured). Where "
                + "DynamoDB Local could not keep up with shards x cap / k reserves a second, k_c is raised until the run "
                + "needs at most %.0f%% of the backend's measured uncapped rate; the run then sells k_c / k times slower "
                + "and simulated time = measured time x k / k_c (the clock scaled by the same factor as the cap beyond k)."
                + "%n", transactionUnits, scale, runStock, backendShare * 100);
        out.printf("keys of one shopper or order (%s) keep the real cap %.0f/s: their load does not shrink with the sale. "
                        + "A bucket holds %.2f s of its cap (at least one transaction's units) and starts with %.2f s. %d "
                        + "shoppers at once; each failed reserve is pressed again with the same Idempotency-Key.%n",
                String.join(", ", new java.util.TreeSet<>(OWN_CAP_KINDS)), cap, burstSeconds, burstSeconds, threads);
        out.println("hold-expiry messages: a reserve sends none (the orders stream's relay does, and writes no DynamoDB "
                + "partition); the relay does not run here");
        List<Run> runs = new ArrayList<>();
        PartitionThrottle throttle = new PartitionThrottle(transactionUnits);
        try (LocalCheckout checkout = LocalCheckout.start(threads, http -> new ThrottlingHttpClient(http, throttle))) {
            throttle.capTables(checkout.plainClient(), List.of(checkout.tables().sales(), checkout.tables().orders(),
                    checkout.tables().refunds()));
            double backendRate = Double.POSITIVE_INFINITY;
            if (warmupUnits > 0) {
                sell(checkout, throttle, "hot-jit", Math.max(1, warmupUnits / 2), maxShards, 0, 1);
                Run warm = sell(checkout, throttle, "hot-warmup", warmupUnits, maxShards, 0, 1);
                backendRate = warm.sold() / warm.lastSaleSeconds();
                out.printf("backend: uncapped, %d shards, %d shoppers: %.0f reserves/s (after a JIT pass); runs may need "
                        + "%.0f/s%n", maxShards, threads, backendRate, backendShare * backendRate);
            }
            out.println();
            for (int shards : shardCounts) {
                double needAtK = shards * (cap / scale) / transactionUnits;
                double kc = Math.max(scale, scale * needAtK / (backendShare * backendRate));
                double runCap = cap / kc;
                Run run = sell(checkout, throttle, "hot-" + shards + "-shards", runStock, shards, runCap, scale / kc);
                runs.add(run);
                out.printf("  %2d shard(s): k_c %.0f, cap %.2f units/s per shared key, needs <= %.0f reserves/s: sold %,d of "
                                + "%,d in %.2f s measured%s%n", shards, kc, runCap, shards * runCap / transactionUnits,
                        run.sold(), runStock, run.lastSaleSeconds(), run.soldExactly() ? "" : " -- CHECK FAILED");
            }
        }
        print(out, runs);
        return runs;
    }

    private Run sell(LocalCheckout checkout, PartitionThrottle throttle, String saleId, long units, int shards,
                     double capPerSecond, double clock) {
        throttle.disable();
        checkout.createSale(saleId, units, shards);
        checkout.calls().reset();
        if (capPerSecond > 0) {
            throttle.enable(capPerSecond, cap, OWN_CAP_KINDS, burstSeconds);
        }
        ReserveService reserve = checkout.reserve();
        LongAdder sold = new LongAdder();
        AtomicLong lastSale = new AtomicLong();
        Map<String, Long> surfaced = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        long giveUpAfter = (long) (maxSeconds * 1e9);
        boolean[] gaveUp = new boolean[1];
        List<Thread> shoppers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shoppers.add(Thread.ofPlatform().name("shopper-" + t).start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                // once the stock is gone the run is over: shoppers after that (answered by the sold-out mark, or
                // probing throttled empty shards until it is set) are not what is measured
                while (sold.sum() < units) {
                    long n = customers.incrementAndGet();
                    Requester shopper = Requester.shopper("h" + n);
                    String key = "hot-key-" + n;
                    // a shopper whose request failed (throttled past the service's retries) presses again, same key
                    while (sold.sum() < units) {
                        if (System.nanoTime() - start[0] > giveUpAfter) {
                            gaveUp[0] = true;
                            return;
                        }
                        try {
                            reserve.reserve(saleId, shopper, 1, key);
                            sold.increment();
                            lastSale.accumulateAndGet(System.nanoTime() - start[0], Math::max);
                            break;
                        } catch (CheckoutException.SoldOut soldOut) {
                            return;
                        } catch (RuntimeException e) {
                            surfaced.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                        }
                    }
                }
            }));
        }
        start[0] = System.nanoTime();
        go.countDown();
        for (Thread s : shoppers) {
            try {
                s.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        double allDone = (System.nanoTime() - start[0]) / 1e9;
        Map<String, Long> byKind = throttle.throttledByKind();
        long checked = throttle.checked();
        long throttled = throttle.throttled();
        throttle.disable();
        return new Run(shards, units, capPerSecond, clock, sold.sum(), lastSale.get() / 1e9, allDone, checked, throttled, byKind,
                new TreeMap<>(surfaced), checkout.calls().snapshot(), checkout.stocktake(saleId), gaveUp[0]);
    }

    private void print(PrintStream out, List<Run> runs) {
        out.println();
        String header = String.format("%6s %6s %9s %7s %10s %11s %12s %11s %8s %9s %10s  %s", "shards", "stock",
                "cap/key/s", "clock", "measured s", "simulated s", "sim. units/s", "cap floor s", "target", "throttled",
                "to shopper", "sold-out check");
        out.println(header);
        out.println("-".repeat(header.length() + 60));
        for (Run r : runs) {
            double simulated = r.lastSaleSeconds() * r.clock();
            long errors = r.surfaced().values().stream().mapToLong(Long::longValue).sum();
            out.printf("%6d %6d %9.2f %7.3f %10.2f %11.2f %12.0f %11.2f %8s %9d %10d  %s%n", r.shards(), r.stock(),
                    r.capPerKey(), r.clock(), r.lastSaleSeconds(), simulated, stock / simulated, floorSeconds(r.shards()),
                    r.shards() == 1 ? "-" : simulated <= targetSeconds ? "met" : "NOT met", r.writesThrottled(), errors,
                    check(r));
        }
        out.println();
        out.printf("cap/key/s: write units a second per shared key in the run (real: %.0f); clock: k / k_c; measured s: from "
                + "the shoppers' start to the last unit reserved; simulated s = measured s x clock; sim. units/s = real "
                + "stock / simulated s%n", cap);
        out.printf("cap floor s: the least the caps allow at the real scale, max(stock x %.0f units / (shards x cap), "
                + "stock / (" + CheckoutTables.DUE_SHARDS + " x cap)) (the second: every order also writes one partition of the orders table's byDue "
                + "index, spread over " + CheckoutTables.DUE_SHARDS + " values; with few orders per partition their uneven spread adds to it); the "
                + "buckets' initial burst is left out%n", transactionUnits);
        out.printf("target: %.1f s (the record sale) with sharding; throttled: writes the emulated partitions refused "
                + "(each SDK attempt counts); to shopper: reserves that failed after the service's own retries (the "
                + "shopper presses again with the same Idempotency-Key)%n", targetSeconds);
        out.println("sold-out check: every shard at 0 (none below), orders of the sale = stock, their units = stock, the "
                + "customers' counts = stock, and the shoppers' successes = stock");
        out.println();
        for (Run r : runs) {
            out.printf("  %2d shard(s): throttled by key kind %s; DynamoDB calls %s; errors to shoppers %s; all shoppers "
                            + "done after %.2f s%s%n", r.shards(), r.throttledByKind(), calls(r.calls()), r.surfaced(),
                    r.allDoneSeconds(), r.gaveUp() ? " (GAVE UP)" : "");
        }
    }

    private double floorSeconds(int shards) {
        return Math.max(stock * transactionUnits / (shards * cap), stock / (CheckoutTables.DUE_SHARDS * cap));
    }

    private static String check(Run r) {
        LocalCheckout.Stocktake s = r.stocktake();
        return String.format("%s (shards left %d, orders %d, units %d, counted %d, sold %d)",
                r.soldExactly() ? "OK" : "FAILED", s.available(), s.orders(), s.orderedUnits(), s.countedUnits(), r.sold());
    }

    private static String calls(Map<String, ApiCalls.Tally> calls) {
        StringBuilder out = new StringBuilder("{");
        calls.forEach((op, t) -> {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(op).append(' ').append(t.calls());
            if (!t.failures().isEmpty()) {
                out.append(" failed ").append(t.failures());
            }
        });
        return out.append('}').toString();
    }
}
