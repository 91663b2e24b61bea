package io.flashcheckout.local.rehearse;

import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rehearse ceiling}: how many requests a second this JVM's crowd can send, with the rehearsal's own driver
 * (the open model, the storefront, the tally) against an endpoint that costs nothing: a loopback server in this JVM
 * that answers every reservation {@code 409 sold-out} at once. A flat crowd of {@code --rate} x {@code --seconds}
 * shoppers, one request each; the driver keeps up while the answers per second follow the requests due and the
 * waiting stays small.
 */
@Command(name = "ceiling", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the rehearsal driver's own ceiling: requests a second one JVM sends and gets answered, "
                + "against a loopback endpoint in the same JVM that answers every reservation 409 sold-out at once.")
final class CeilingCommand implements Callable<Integer> {
    private static final byte[] SOLD_OUT = ("{\"type\":\"urn:flash-checkout:problem:sold-out\",\"title\":\"Sold out\","
            + "\"status\":409}").getBytes(StandardCharsets.UTF_8);

    @Option(names = "--rate", defaultValue = "2000", description = "Requests due a second. Default: ${DEFAULT-VALUE}")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "For how long. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--safety-cap", defaultValue = "1024", description = "As in rehearse. Default: ${DEFAULT-VALUE}")
    int safetyCap;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rate < 1 || seconds < 1 || (long) rate * seconds > 2_000_000) {
            spec.commandLine().getErr().println("--rate and --seconds must be positive, and at most 2,000,000 requests in all");
            return 2;
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(409, SOLD_OUT.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(SOLD_OUT);
            }
        });
        server.start();
        try {
            URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Crowd crowd = Crowd.draw(rate * seconds, 1, new ArrivalCurve(ArrivalCurve.Shape.FLAT, 1, seconds),
                    new Crowd.Shares(0, 0, 0, 0, 0, 0, 0), 1);
            Target target = new Target("a loopback endpoint", api, s -> "no-token", "no-token", null, null, null, null);
            SaleSpec sale = new SaleSpec("ceiling", 1, 1, 60, null, "1.00");
            Rehearsal.Traffic traffic;
            try (Storefront storefront = new Storefront(api, safetyCap, Duration.ofSeconds(30));
                 ProgressBars progress = new ProgressBars(System.err)) {
                Rehearsal rehearsal = new Rehearsal(target, storefront, new Rehearsal.Limits(Duration.ofSeconds(seconds + 60),
                        Duration.ZERO, Duration.ZERO));
                traffic = rehearsal.shop(sale, crowd.shoppers(), Instant.now().plusSeconds(1), progress);
            }
            Tally tally = traffic.tally();
            long[] due = tally.duePerSecond();
            long[] answered = tally.answersPerSecond();
            Histogram response = tally.latency(Route.RESERVE);
            Histogram waiting = tally.latency(Route.RESERVE, Tally.Part.WAITING);
            long steady = 0;
            for (int s = 1; s < Math.min(answered.length, seconds) - 1; s++) {
                steady = Math.max(steady, answered[s]);
            }
            out.printf(Locale.ROOT, "ceiling: %,d requests due at %,d/s for %d s; answered %,d in %.1f s (%,.0f/s overall, "
                            + "best whole second %,d/s); response p50 %.1f ms, p99 %.1f ms; waiting p99 %.1f ms; safety cap "
                            + "%,d reached %,d times, at most %,d open%n", crowd.shoppers().size(), rate, seconds,
                    tally.requests(), traffic.took().toMillis() / 1000.0, tally.requests() / (traffic.took().toMillis() / 1000.0),
                    steady, response.getValueAtPercentile(50) / 1000.0, response.getValueAtPercentile(99) / 1000.0,
                    waiting.getValueAtPercentile(99) / 1000.0, traffic.safetyCap(), traffic.capHits(), traffic.mostInFlight());
            out.println("  answers: " + tally.answers());
            out.println("  due per second:      " + java.util.Arrays.toString(due));
            out.println("  answered per second: " + java.util.Arrays.toString(answered));
            out.flush();
            return 0;
        } finally {
            server.stop(0);
        }
    }
}
