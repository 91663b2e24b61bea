package io.flashcheckout.checkout;

import io.flashcheckout.admission.Admission;
import io.flashcheckout.channels.ChannelPools;
import io.flashcheckout.channels.PoolRequest;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A sale as an admin defines it. {@link #validate()} rejects anything a sale cannot run with; {@code shards}
 * may be null and is then chosen from the stock; {@code admission} may be null (no waiting room).
 */
public record NewSale(
        String saleId,
        String sku,
        String title,
        Money price,
        Long stock,
        Integer perCustomerLimit,
        Instant opensAt,
        Instant closesAt,
        Integer holdSeconds,
        Integer shards,
        Admission admission,
        PoolRequest pools) {

    public NewSale(String saleId, String sku, String title, Money price, Long stock, Integer perCustomerLimit,
                   Instant opensAt, Instant closesAt, Integer holdSeconds, Integer shards) {
        this(saleId, sku, title, price, stock, perCustomerLimit, opensAt, closesAt, holdSeconds, shards, null, null);
    }

    public NewSale(String saleId, String sku, String title, Money price, Long stock, Integer perCustomerLimit,
                   Instant opensAt, Instant closesAt, Integer holdSeconds, Integer shards, Admission admission) {
        this(saleId, sku, title, price, stock, perCustomerLimit, opensAt, closesAt, holdSeconds, shards, admission, null);
    }

    public static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final long MAX_STOCK = 10_000_000L;
    public static final int MAX_PER_CUSTOMER_LIMIT = 100;
    public static final int MIN_HOLD_SECONDS = 60;
    /** SQS can delay a message by at most 900 s, and the hold-expiry message is such a message. */
    public static final int MAX_HOLD_SECONDS = 900;
    public static final int DEFAULT_HOLD_SECONDS = 600;
    public static final int MAX_SHARDS = 100;
    private static final int UNITS_PER_DEFAULT_SHARD = 500;
    private static final int MAX_DEFAULT_SHARDS = 32;

    /**
     * One shard per 500 units, 1 to 32. A partition takes ~1,000 write units a second and a transactional write costs
     * two per item, so a shard takes ~500 reserves a second and 32 take ~16,000 (the hot-partition benchmark).
     */
    public static int defaultShards(long stock) {
        return (int) Math.max(1, Math.min(MAX_DEFAULT_SHARDS, (stock + UNITS_PER_DEFAULT_SHARD - 1) / UNITS_PER_DEFAULT_SHARD));
    }

    /** Checks every field and fills the defaults; throws {@link CheckoutException.InvalidInput} naming the field. */
    public NewSale validate() {
        require(saleId != null && SLUG.matcher(saleId).matches(),
                "saleId must be a slug of 1-64 lowercase letters, digits and inner hyphens");
        require(sku != null && SKU.matcher(sku).matches(), "sku must be 1-64 letters, digits, '.', '_' or '-'");
        require(title != null && !title.isBlank() && title.length() <= 200 && title.chars().noneMatch(Character::isISOControl),
                "title must be 1-200 printable characters");
        require(price != null && price.amount().signum() > 0, "price must be a positive amount");
        require(stock != null && stock >= 0 && stock <= MAX_STOCK, "stock must be between 0 and " + MAX_STOCK);
        int limit = perCustomerLimit == null ? 1 : perCustomerLimit;
        require(limit >= 1 && limit <= MAX_PER_CUSTOMER_LIMIT, "perCustomerLimit must be between 1 and " + MAX_PER_CUSTOMER_LIMIT);
        require(opensAt != null && closesAt != null, "opensAt and closesAt are required");
        require(opensAt.isBefore(closesAt), "closesAt must be after opensAt");
        int hold = holdSeconds == null ? DEFAULT_HOLD_SECONDS : holdSeconds;
        require(hold >= MIN_HOLD_SECONDS && hold <= MAX_HOLD_SECONDS,
                "holdSeconds must be between " + MIN_HOLD_SECONDS + " and " + MAX_HOLD_SECONDS);
        if (pools != null) {
            require(shards == null, "with channels, give the shards per pool as the pools' shardsPerPool, not shards");
            Integer perPool = pools.shardsPerPool();
            require(perPool == null || perPool >= 1 && perPool <= MAX_SHARDS, "shardsPerPool must be between 1 and " + MAX_SHARDS);
        }
        int shardCount = pools != null ? pools.layOut(stock, MAX_SHARDS).shards() : shards == null ? defaultShards(stock) : shards;
        require(shardCount >= 1 && shardCount <= MAX_SHARDS, "shards must be between 1 and " + MAX_SHARDS);
        Admission room = admission == null ? null
                : Admission.of(admission.mode(), admission.ratePerSecond(), admission.preQueueSeconds(), admission.admissionSeconds());
        return new NewSale(saleId, sku, title, price, stock, limit, opensAt, closesAt, hold, pools == null ? shardCount : null,
                room, pools);
    }

    /** A digest of the whole definition: the same body posted twice is recognised, another one is a conflict. */
    public String definitionHash() {
        // a sale without a room hashes as it did before rooms existed, so its create is still recognised
        String text = String.join("\n", saleId, sku, title, price.amountString(), price.currency(),
                String.valueOf(stock), String.valueOf(perCustomerLimit), opensAt.toString(), closesAt.toString(),
                String.valueOf(holdSeconds), String.valueOf(shards));
        if (pools != null) {
            text = text + channelPools().definitionText();
        }
        return Digests.sha256Hex(admission == null ? text : text + "\nadmission " + admission.definitionText());
    }

    /** The pools laid out over the shards (a validated sale's); null for a sale without channels. */
    public ChannelPools channelPools() {
        return pools == null ? null : pools.layOut(stock, MAX_SHARDS);
    }

    /** The shards of the sale: with channels, every pool's. */
    public int shardCount() {
        return pools == null ? shards : channelPools().shards();
    }

    /** Units each shard starts with: an even split (per pool with channels), the remainder on the first shards. */
    public long[] initialShardStock() {
        if (pools != null) {
            return channelPools().initialShardStock();
        }
        long[] units = new long[shards];
        for (int i = 0; i < shards; i++) {
            units[i] = stock / shards + (i < stock % shards ? 1 : 0);
        }
        return units;
    }

    public Sale toSale(Instant createdAt) {
        return new Sale(saleId, sku, title, price, stock, stock, perCustomerLimit, opensAt, closesAt, holdSeconds,
                shardCount(), createdAt, null, 0, definitionHash(), admission, null, channelPools());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new CheckoutException.InvalidInput(message);
        }
    }
}
