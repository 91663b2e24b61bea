package io.flashcheckout.checkout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The sales this process has seen run short: every shard held fewer units than a shopper asked for (or the sold-out
 * mark said so), at the stock loaded then. Until a restock raises that stock, the only units that come back are the
 * few a release returns, and a release clears the sold-out mark. Probing every shard with its own transaction (each
 * cancelled but one) then answered the crowd after a sell-out at ~9 a second on DynamoDB Local, which runs one
 * transaction at a time; so for such a sale a reserve reads the shards once and transacts only when they hold enough.
 * And since every reserve that read the same released unit would transact for it (all but one cancelled), this
 * process's reserves of the sale take their turn: one at a time, each reading the shards again when its turn comes.
 * The transaction's conditions still decide; the turn only spares the lock. (A Lambda instance serves one request at
 * a time, so there the turn never waits.)
 */
final class LastUnits {
    /** How long a reserve waits for its turn before it transacts anyway. */
    private static final Duration TURN_WAIT = Duration.ofSeconds(10);
    private final Cache<String, Long> ranShortAtStock = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(10_000).build();
    private final Cache<String, Semaphore> turns = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1)).maximumSize(10_000).build();

    /** The sale ran short at its current stock: a release, not a restock, is all that can have refilled it. */
    void ranShort(Sale sale) {
        ranShortAtStock.put(sale.saleId(), sale.stockLoaded());
    }

    boolean reached(Sale sale) {
        Long loaded = ranShortAtStock.getIfPresent(sale.saleId());
        return loaded != null && loaded == sale.stockLoaded();
    }

    /** Runs {@code take} when no other reserve of this process is taking the sale's last units. */
    <T> T inTurn(Sale sale, Supplier<T> take) {
        Semaphore turn = turns.get(sale.saleId(), id -> new Semaphore(1, true));
        boolean mine = false;
        try {
            mine = turn.tryAcquire(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return take.get();
        } finally {
            if (mine) {
                turn.release();
            }
        }
    }
}
