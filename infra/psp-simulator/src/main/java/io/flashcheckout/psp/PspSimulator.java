package io.flashcheckout.psp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A payment provider simulator: the JDK's HTTP server, one virtual thread per request, an in-memory ledger.
 * See the module's README for the API. Start one per test, or run {@link SimulatorCommand} standalone.
 */
public final class PspSimulator implements AutoCloseable {

    private static final int BACKLOG = 1024;

    private final SimulatorConfig config;
    private final Ledger ledger;
    private final HttpServer server;
    private final ApiRouter router;
    private final ExecutorService executor;
    private final FaultInjector faults;

    private PspSimulator(SimulatorConfig config, HttpServer server, ApiRouter router, ExecutorService executor, Ledger ledger,
                         FaultInjector faults) {
        this.config = config;
        this.faults = faults;
        this.server = server;
        this.router = router;
        this.executor = executor;
        this.ledger = ledger;
    }

    /**
     * Binds and starts a simulator.
     *
     * @throws UncheckedIOException when the address cannot be bound (port in use, unknown host)
     */
    public static PspSimulator start(SimulatorConfig config) {
        Ledger ledger = new Ledger(Clock.systemUTC());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the PSP simulator to " + config.host() + ":" + config.port(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        FaultInjector faults = new FaultInjector(config);
        ApiRouter router = new ApiRouter(config, ledger, faults);
        server.createContext("/", router);
        server.setExecutor(executor);
        server.start();
        return new PspSimulator(config, server, router, executor, ledger, faults);
    }

    /** Where clients reach the simulator, e.g. {@code http://127.0.0.1:49152} (localhost when bound to all addresses). */
    public URI baseUri() {
        InetAddress address = server.getAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "localhost" : address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How it was started; {@link SimulatorConfig#apiKey()} is the first key, see {@link #rotateApiKey}. */
    public SimulatorConfig config() {
        return config;
    }

    /**
     * Rotates the API key at runtime, as a provider does when the key is rolled: from now on only {@code newKey}
     * is accepted and requests with the previous one are answered 401. Requests already past authentication finish.
     */
    public void rotateApiKey(String newKey) {
        router.acceptOnly(newKey);
    }

    /**
     * The provider goes down until {@link #endOutage}: every call but the ledger is answered 503 with nothing
     * recorded, except a share {@code servedShare} (0 to 1) of them that still get through, as a provider that
     * flaps; a charge or refund that gets through is recorded and its answer lost (500), as when a provider's front
     * falls over after its core took the payment.
     */
    public void outage(double servedShare) {
        faults.outage(servedShare);
    }

    /** The provider answers again as configured. */
    public void endOutage() {
        faults.outage(-1);
    }

    /** An immutable copy of everything charged and refunded so far. */
    public LedgerSnapshot ledger() {
        return ledger.snapshot();
    }

    /** Stops listening at once; answers still held back (tok_timeout) are dropped. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
