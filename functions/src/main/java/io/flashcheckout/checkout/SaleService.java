package io.flashcheckout.checkout;

import io.flashcheckout.admission.WaitingRoomStore;
import io.flashcheckout.channels.Pool;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.store.SaleStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** Creating sales, reading them as shoppers see them, and restocking. */
public final class SaleService {
    private final SaleStore sales;
    private final SaleLookup lookup;
    private final Clock clock;
    private final SaleWarmup warmup;
    private final WaitingRoomStore rooms;

    public SaleService(SaleStore sales, SaleLookup lookup, Clock clock) {
        this(sales, lookup, clock, SaleWarmup.off());
    }

    public SaleService(SaleStore sales, SaleLookup lookup, Clock clock, SaleWarmup warmup) {
        this(sales, lookup, clock, warmup, null);
    }

    /** {@code rooms}: where a sale with a waiting room is put on the advancer's list (null: no rooms here). */
    public SaleService(SaleStore sales, SaleLookup lookup, Clock clock, SaleWarmup warmup, WaitingRoomStore rooms) {
        this.rooms = rooms;
        this.sales = sales;
        this.lookup = lookup;
        this.clock = clock;
        this.warmup = warmup;
    }

    /**
     * Creates the sale; the same definition again answers the existing sale with {@code created = false}. Either way
     * the sale's warm-up is scheduled for its window as stored (a replay schedules the same window again, which
     * also retries one that failed); a warm-up that fails does not fail the create (see {@link SaleWarmup}).
     */
    public SaleStore.Created create(NewSale definition) {
        NewSale valid = definition.validate();
        if (valid.admission() != null && rooms == null) {
            throw new CheckoutException.InvalidInput("this deployment has no waiting rooms: leave admission out");
        }
        SaleStore.Created created = sales.create(valid, clock.instant());
        if (created.sale().admission() != null) {
            // also on a replay: a create that crashed after the sale's write still puts its room on the list
            rooms.open(created.sale().saleId());
        }
        lookup.forget(valid.saleId());
        warmup.prepare(created.sale());
        return created;
    }

    /**
     * The sale as its page shows it, from the process's short cache (see {@link SaleLookup}): at most the cache's
     * TTL old. Admin answers use {@link #view}, which reads everything afresh.
     */
    public SaleView shopperView(String saleId) {
        Sale sale = lookup.get(saleId);
        long[] shards = lookup.shownShards(sale);
        return SaleView.of(sale, sale.statusAt(clock.instant(), Arrays.stream(shards).sum()), shards);
    }

    /** The sale as it is now: a strongly consistent read of the sale and of every shard. */
    public SaleView view(String saleId) {
        Sale sale = existing(saleId);
        long[] shards = sales.shardStock(sale);
        return SaleView.of(sale, sale.statusAt(clock.instant(), Arrays.stream(shards).sum()), shards);
    }

    /**
     * Adds units to the sale (a restock, or stock that came back and is put on sale again).
     *
     * @param requestToken optional; the same token within ten minutes restocks once
     */
    public Sale restock(String saleId, long quantity, String requestToken) {
        return restock(saleId, quantity, requestToken, null);
    }

    /**
     * A restock into one pool of a sale with channels ({@code pool} is required there, and refused on a sale
     * without): the units go onto that pool's shards and into its loaded stock.
     */
    public Sale restock(String saleId, long quantity, String requestToken, String pool) {
        if (quantity < 1 || quantity > NewSale.MAX_STOCK) {
            throw new CheckoutException.InvalidInput("quantity must be between 1 and " + NewSale.MAX_STOCK);
        }
        if (requestToken != null && !OrderIds.isValidKey(requestToken)) {
            throw new CheckoutException.InvalidInput("a restock Idempotency-Key must be 8-255 visible ASCII characters");
        }
        Sale sale = existing(saleId);
        if (sale.stockLoaded() + quantity > NewSale.MAX_STOCK) {
            throw new CheckoutException.InvalidInput("a sale holds at most " + NewSale.MAX_STOCK + " units in all");
        }
        // a retried token must send DynamoDB the very same request, so its first shard derives from the token
        int firstShard = requestToken == null
                ? ThreadLocalRandom.current().nextInt(sale.shards())
                : Math.floorMod(requestToken.hashCode(), sale.shards());
        Sale restocked = sale.pooled() || pool != null
                ? sales.restockPool(sale, poolToRestock(sale, pool), quantity, firstShard, requestToken)
                : sales.restock(sale, quantity, firstShard, requestToken);
        lookup.forget(saleId);
        return restocked;
    }

    /**
     * Opens the sale again in a new window: the second wave, for the stock that cancelled (scalper) orders
     * returned to the shards. The window must end in the future. The sale's warm-up moves with it.
     */
    public Sale reopen(String saleId, Instant opensAt, Instant closesAt) {
        if (opensAt == null || closesAt == null) {
            throw new CheckoutException.InvalidInput("opensAt and closesAt are required");
        }
        if (!opensAt.isBefore(closesAt)) {
            throw new CheckoutException.InvalidInput("closesAt must be after opensAt");
        }
        if (!closesAt.isAfter(clock.instant())) {
            throw new CheckoutException.InvalidInput("closesAt must be in the future");
        }
        Sale rescheduled = sales.reschedule(existing(saleId), opensAt, closesAt);
        lookup.forget(saleId);
        warmup.prepare(rescheduled);
        return rescheduled;
    }

    private static Pool poolToRestock(Sale sale, String name) {
        if (!sale.pooled()) {
            throw new CheckoutException.InvalidInput("sale " + sale.saleId() + " has no channel pools: leave pool out");
        }
        if (name == null) {
            throw new CheckoutException.InvalidInput("sale " + sale.saleId() + " has channel pools: name the pool to restock");
        }
        return sale.pools().pool(name)
                .orElseThrow(() -> new CheckoutException.InvalidInput("sale " + sale.saleId() + " has no pool " + name));
    }

    private Sale existing(String saleId) {
        if (saleId == null || !NewSale.SLUG.matcher(saleId).matches()) {
            throw new CheckoutException.NotFound("no sale " + saleId);
        }
        return sales.find(saleId).orElseThrow(() -> new CheckoutException.NotFound("no sale " + saleId));
    }
}
