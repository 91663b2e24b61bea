package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Poco M3 story, on the embedded stack in this JVM or on a deployment ({@link StoryStage}): one sale on several
 * channels under one ceiling; a crowd split over the channels (each shopper's token from its channel's app client),
 * with scalpers among them (the {@link Scalpers} class: a few people, several accounts each, sharing cards) who
 * connect from one address per person; the first wave sells out; the review ({@code GET /admin/sales/{id}/review}) finds the clusters, scored against the
 * planted scalpers (precision and recall over accounts); the operator cancels them ({@code review/cancel}: paid orders
 * are refunded through the refunds queue, counted on the finance queue), reopens, and a second wave sells exactly the
 * returned units. Then DESIGN.md's six invariants ({@link InvariantAudit}, per pool too).
 *
 * <p>When the API is on loopback, every shopper connects from an address of its own in 127.0.0.0/8 (Linux routes the
 * whole block to loopback), so the source IP the stack records is one per shopper and one per scalper: the review sees
 * what it would see on AWS.
 */
public final class ChannelStory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 24;
    private static final String REASON = "unusual activity";
    /** How long before the second wave the operator reopens the sale: longer than a function trusts its copy of it. */
    private static final Duration REOPEN_NOTICE = Duration.ofSeconds(2);
    /** Targets: nearly every flagged account is a scalper's, and nearly every scalper account holding a unit is found. */
    static final double PRECISION_TARGET = 0.95;
    static final double RECALL_TARGET = 0.95;
    /** The sale's holds, and how long after one ends its expiry may take (the recovery interval). */
    private static final Duration HOLD = Duration.ofSeconds(900);
    private static final Duration HOLD_END_SLACK = Duration.ofSeconds(150);
    /** How often the sale page is read during the first wave, to see each pool empty. */
    private static final Duration SHELF_READ = Duration.ofMillis(500);
    /** The statuses in which an order holds its units (the review looks at these). */
    private static final Set<String> HOLDING = Set.of("RESERVED", "PAYING", "PAID");

    /** A channel and its pool's stock. */
    public record Channel(String name, long stock) {
        String client() {
            return "channel-" + name;
        }
    }

    /**
     * @param scalperShare     share of the crowd that are scalpers' accounts
     * @param scalperAccounts  accounts per scalper (one address each scalper)
     * @param scalperCards     cards per scalper
     */
    public record Options(List<Channel> channels, int shoppers, double scalperShare, int scalperAccounts, int scalperCards,
                          long seed) {
        public static List<Channel> parseChannels(String text) {
            List<Channel> channels = new ArrayList<>();
            for (String part : text.split(",")) {
                String[] nameStock = part.trim().split(":");
                if (nameStock.length != 2) {
                    throw new IllegalArgumentException("--channels: name:stock,name:stock,... (got " + part + ")");
                }
                long stock;
                try {
                    stock = Long.parseLong(nameStock[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--channels: the stock of " + nameStock[0] + " is not a whole number");
                }
                if (stock < 1 || stock > 1_000_000) {
                    throw new IllegalArgumentException("--channels: a channel's stock is 1-1000000");
                }
                channels.add(new Channel(nameStock[0], stock));
            }
            if (channels.isEmpty() || channels.size() > 10) {
                throw new IllegalArgumentException("--channels: 1-10 channels");
            }
            return List.copyOf(channels);
        }

        long stock() {
            return channels.stream().mapToLong(Channel::stock).sum();
        }
    }

    private final Options options;
    private final PrintWriter out;
    private final StoryStage stage;
    private final URI api;
    /** shoppers connect from addresses of their own (the API is on loopback) */
    private final boolean ownAddresses;
    private final String saleId = "poco-m3-" + UUID.randomUUID().toString().substring(0, 8);
    private boolean passed = true;

    private ChannelStory(Options options, PrintWriter out, StoryStage stage) {
        this.options = options;
        this.out = out;
        this.stage = stage;
        this.api = stage.api();
        this.ownAddresses = stage.loopback();
    }

    /** Starts the embedded stack in this JVM, tells the story, prints PASS/FAIL lines; 0 when every line passes. */
    public static int run(Options options, PrintWriter out) throws Exception {
        RehearseCommand.quietCheckoutLogs();
        try (StoryStage stage = EmbeddedStage.start(LocalStack.Settings.defaults(LocalTokens.generateSecret()),
                options.channels().stream().map(Channel::client).toList())) {
            return run(options, stage, out);
        }
    }

    /**
     * Tells the story on {@code stage}; 0 when every line passes. A deployment must accept the channels' app clients
     * ({@code channel-<name>}) in its tokens' audience, as the embedded stack started here does.
     */
    static int run(Options options, StoryStage stage, PrintWriter out) throws Exception {
        return new ChannelStory(options, out, stage).tell();
    }

    /** One shopper of the story: their channel, address, user agent and payment token. */
    private record Buyer(String customerId, Channel channel, String address, String userAgent, String paymentToken,
                         boolean scalper) {}

    private int tell() throws Exception {
        long started = System.nanoTime();
        Instant now = Instant.now();
        out.printf("Poco M3 story: sale %s, channels %s, %,d shoppers, holds of 900 s, on %s%n", saleId, String.join(",",
                options.channels().stream().map(c -> c.name() + ":" + c.stock()).toList()), options.shoppers(),
                stage.description());
        if (!ownAddresses) {
            out.println("  the API is not on this machine's loopback: every shopper connects from this machine's one address, "
                    + "so the review's address signal sees one crowd (run the story from the deployment's own network "
                    + "with addresses per shopper to score it)");
        }
        createSale(now);

        // the crowd: split over the channels in proportion to their stock, scalpers among them
        List<Shopper> people = new ArrayList<>();
        for (int i = 0; i < options.shoppers(); i++) {
            people.add(new Shopper(i, "shopper-" + i, 0, 1, 0, false, Fate.PAY_APPROVED, 0));
        }
        Scalpers scalpers = Scalpers.among(new Crowd(List.copyOf(people)), options.scalperShare(), options.scalperAccounts(),
                options.scalperCards(), options.seed());
        SplittableRandom random = new SplittableRandom(options.seed());
        List<Buyer> wave1 = new ArrayList<>();
        for (Shopper s : people) {
            Channel channel = channelFor(random);
            String card = scalpers.cardOf(s.customerId());
            if (card != null) {
                int person = Integer.parseInt(card.substring("scalper".length(), card.indexOf("card")));
                // a scalper's accounts all come from the scalper's one address and device, through one channel's app
                Channel own = options.channels().get(person % options.channels().size());
                wave1.add(new Buyer(s.customerId(), own, "127.250." + (person / 250) + "." + (person % 250 + 1),
                        "ScalperBot/" + person, "tok_approve_" + card, true));
            } else {
                wave1.add(new Buyer(s.customerId(), channel, shopperAddress(s.index()),
                        "Mozilla/5.0 (Linux; Android 13; M2010J19CG) shopper/" + s.index(), "tok_approve_card-" + s.index(), false));
            }
        }
        Collections.shuffle(wave1, new java.util.Random(options.seed()));
        Map<String, String> orderOf = new ConcurrentHashMap<>();
        Map<String, String> paid = new ConcurrentHashMap<>();
        Set<String> emptied;
        try (EmptiedPools watch = new EmptiedPools(this::sale, SHELF_READ)) {
            shop(wave1, orderOf, paid);
            awaitAvailable(0, Duration.ofSeconds(20));
            emptied = watch.stop();
        }
        // sold out: every pool emptied while the crowd shopped. Units may come back after it, from holds that end
        // unpaid (a scalper's account refused at pay: its card's limit); where the wave outlasts the 900-s holds (a
        // full-size sale on one small machine) some come back once the crowd has gone; the second wave sells them
        StringBuilder left = new StringBuilder();
        for (JsonNode pool : sale().path("pools")) {
            left.append(pool.path("name").asText()).append('=').append(pool.path("available").asLong()).append(' ');
        }
        boolean channelsSoldOut = emptied.containsAll(options.channels().stream().map(Channel::name).toList());
        line(channelsSoldOut, "wave 1: every channel sold out (pools emptied: " + String.join(",", new java.util.TreeSet<>(emptied))
                + "; " + orderOf.size() + " orders, " + paid.size() + " paid; units back since, per pool: "
                + left.toString().trim() + ")");

        // the review, scored against the planted scalpers, and the operator's cancel
        // the planted clusters: a scalper whose accounts hold more units than one customer may (the limit is 1); a
        // scalper left with one unit looks like any shopper, and the review is right not to flag them
        // ... holding it when the review runs: on a machine slower than the sale, an unpaid hold of the first minutes
        // can end before the wave does, and an account whose hold ended holds nothing for the review to find
        List<Buyer> scalpersWithOrders = wave1.stream().filter(b -> b.scalper() && orderOf.containsKey(b.customerId())).toList();
        Map<String, JsonNode> scalperOrdersNow = read(scalpersWithOrders.stream().map(b -> orderOf.get(b.customerId()))
                .collect(java.util.stream.Collectors.toSet()));
        Map<String, List<String>> holdingByAddress = new java.util.HashMap<>();
        scalpersWithOrders.stream()
                .filter(b -> HOLDING.contains(scalperOrdersNow.getOrDefault(orderOf.get(b.customerId()), MissingNode.getInstance())
                        .path("status").asText()))
                .forEach(b -> holdingByAddress.computeIfAbsent(b.address(), a -> new ArrayList<>()).add(b.customerId()));
        Set<String> plantedHolding = new HashSet<>();
        holdingByAddress.values().stream().filter(accounts -> accounts.size() > 1).forEach(plantedHolding::addAll);
        Set<String> flagged = new HashSet<>();
        Set<String> cancelledOrders = new HashSet<>();
        int paidCancelled = 0;
        for (int round = 0; round < 1_000; round++) {
            JsonNode review = call("GET", "/admin/sales/" + saleId + "/review", stage.admin(), null, null, null).body();
            if (review.path("clusters").isEmpty()) {
                break;
            }
            for (JsonNode cluster : review.path("clusters")) {
                for (JsonNode order : cluster.path("orders")) {
                    flagged.add(order.path("customerId").asText());
                }
                int remaining;
                do {
                    JsonNode cancel = call("POST", "/admin/sales/" + saleId + "/review/cancel", stage.admin(), null, null,
                            "{\"cluster\":\"" + cluster.path("clusterId").asText() + "\",\"reason\":\"" + REASON + "\"}").body();
                    for (JsonNode result : cancel.path("results")) {
                        String status = result.path("status").asText();
                        if (cancelledOrders.add(result.path("orderId").asText()) && status.startsWith("REFUND")) {
                            paidCancelled++;
                        }
                    }
                    remaining = cancel.path("remaining").asInt();
                } while (remaining > 0);
            }
        }
        long truePositives = flagged.stream().filter(plantedHolding::contains).count();
        double precision = flagged.isEmpty() ? 1 : (double) truePositives / flagged.size();
        double recall = plantedHolding.isEmpty() ? 1 : (double) truePositives / plantedHolding.size();
        line(precision >= PRECISION_TARGET && recall >= RECALL_TARGET, String.format(java.util.Locale.ROOT,
                "review: precision %.3f (target >= %.2f), recall %.3f (target >= %.2f): %d accounts flagged, %d of the %d "
                        + "accounts of scalpers holding more than the limit (%d scalpers, %d accounts each, %d cards each)", precision,
                PRECISION_TARGET, recall, RECALL_TARGET, flagged.size(), truePositives, plantedHolding.size(),
                scalpers.people(), options.scalperAccounts(), options.scalperCards()));

        // the refunds of the paid orders cancelled, through the refunds queue to the finance feed
        int refunded = waitForRefunds(paidCancelled, Duration.ofSeconds(120));
        OptionalInt financeEvents = awaitFinanceEvents(paidCancelled, Duration.ofSeconds(60));
        line(refunded == paidCancelled && (financeEvents.isEmpty() || financeEvents.getAsInt() >= paidCancelled), "refunds: "
                + refunded + " REFUNDED of " + paidCancelled + " paid orders cancelled; " + (financeEvents.isPresent()
                ? financeEvents.getAsInt() + " refund-issued events on the finance queue"
                : "the finance queue not checked (out of reach: --sqs-endpoint)"));

        // the second wave: the sale reopens and sells exactly the units that came back, once every hold of the
        // first has ended (paid, cancelled, or expired unpaid after its 900 s), so that no more come back meanwhile
        long waitedFrom = System.nanoTime();
        boolean holdsEnded = holdsEnd(HOLD.plus(HOLD_END_SLACK));
        line(holdsEnded, String.format(java.util.Locale.ROOT, "wave 1's holds %s (waited %.0f s)", holdsEnded
                ? "all ended before the second wave" : "not all ended", (System.nanoTime() - waitedFrom) / 1e9));
        // the sale page is cached for a moment: read it until it shows the cancelled orders' units back (or give up)
        long returned = awaitAvailable(cancelledOrders.size(), Duration.ofSeconds(20));
        // as an operator would announce it: the second wave opens a little later, when every function's copy of the
        // sale (a second old at most) shows the new window
        Instant reopensAt = Instant.now().plus(REOPEN_NOTICE);
        Answer reopened = call("POST", "/admin/sales/" + saleId + "/reopen", stage.admin(), null, null, "{\"opensAt\":\""
                + reopensAt + "\",\"closesAt\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}");
        line(reopened.status() == 200, "reopen: " + reopened.label() + ", the second wave opens at " + reopensAt);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), reopensAt).toMillis()));
        List<Buyer> wave2 = new ArrayList<>();
        for (Channel channel : options.channels()) {
            // more shoppers per channel than units came back in all: whatever pool they came back to, it sells
            for (int i = 0; i < returned + 5; i++) {
                int index = options.shoppers() + wave2.size();
                wave2.add(new Buyer("second-" + channel.name() + "-" + i, channel, shopperAddress(index),
                        "Mozilla/5.0 (Linux; Android 13) second/" + index, "tok_approve_card-" + index, false));
            }
        }
        Map<String, String> orderOf2 = new ConcurrentHashMap<>();
        shop(wave2, orderOf2, paid);
        long soldAgain = orderOf2.size();
        line(soldAgain == returned && awaitAvailable(0, Duration.ofSeconds(20)) == 0,
                "wave 2: sold " + soldAgain + " units, the " + returned + " that came back (" + cancelledOrders.size()
                        + " orders cancelled)");

        // replays: the same Idempotency-Key answers the same order
        List<Journeys.Replay> replays = new ArrayList<>();
        for (Buyer b : wave1.subList(0, Math.min(20, wave1.size()))) {
            String first = orderOf.get(b.customerId());
            if (first != null) {
                Answer again = reserve(b, keyOf(b));
                replays.add(new Journeys.Replay(b.customerId(), first, again));
            }
        }

        // the six invariants, once every order has settled
        Set<String> allOrders = new HashSet<>(orderOf.values());
        allOrders.addAll(orderOf2.values());
        Set<String> unpaid = new HashSet<>(allOrders);
        unpaid.removeAll(paid.values());
        Map<String, JsonNode> orders = settle(allOrders, Duration.ofSeconds(180));
        boolean settled = orders.values().stream().allMatch(InvariantAudit::terminal) && orders.size() == allOrders.size();
        PspLedger ledger = stage.psp() == null ? null : PspLedger.fetch(stage.psp(), stage.pspApiKey());
        SaleTables tables = stage.dynamo() == null ? null : SaleTables.read(stage.dynamo(), stage.tables(), saleId);
        List<InvariantAudit.Check> checks = InvariantAudit.audit(new InvariantAudit.Evidence(saleId, options.stock(), 1,
                sale(), orders, unpaid, replays, ledger, tables, settled, Duration.ofSeconds(150)));
        for (InvariantAudit.Check check : checks) {
            line(check.passed(), "invariant " + check.number() + " " + check.name() + ": " + check.detail());
        }
        out.printf(java.util.Locale.ROOT, "Story told in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        out.println(passed ? "ALL PASS" : "FAILED");
        out.flush();
        return passed ? 0 : 1;
    }

    private void createSale(Instant now) throws Exception {
        StringBuilder channels = new StringBuilder();
        for (Channel c : options.channels()) {
            channels.append(channels.isEmpty() ? "" : ",").append("{\"name\":\"").append(c.name()).append("\",\"stock\":")
                    .append(c.stock()).append(",\"clients\":[\"").append(c.client()).append("\"]}");
        }
        Answer created = call("POST", "/admin/sales", stage.admin(), null, null, "{\"saleId\":\"" + saleId
                + "\",\"sku\":\"POCO-M3\",\"title\":\"Poco M3\",\"price\":{\"amount\":\"149.00\",\"currency\":\"EUR\"},"
                + "\"stock\":" + options.stock() + ",\"perCustomerLimit\":1,\"opensAt\":\"" + now.minusSeconds(1)
                + "\",\"closesAt\":\"" + now.plus(Duration.ofHours(1)) + "\",\"holdSeconds\":" + HOLD.toSeconds() + ",\"channels\":["
                + channels + "]}");
        if (created.status() != 201) {
            throw new IllegalStateException("the sale was not created: " + created.status() + " " + created.body());
        }
    }

    private Channel channelFor(SplittableRandom random) {
        long pick = random.nextLong(options.stock());
        for (Channel c : options.channels()) {
            if (pick < c.stock()) {
                return c;
            }
            pick -= c.stock();
        }
        return options.channels().getLast();
    }

    /** 127.a.b.c, one per shopper, never in 127.250.0.0/16 (the scalpers') nor 127.0.0.0/16. */
    private static String shopperAddress(int index) {
        return "127." + (1 + index / (254 * 254)) + "." + (index / 254 % 254) + "." + (index % 254 + 1);
    }

    private static String keyOf(Buyer b) {
        return "key-" + b.customerId();
    }

    /** Each buyer reserves one unit and, when it has one, pays; at most {@link #IN_FLIGHT} at once. */
    private void shop(List<Buyer> buyers, Map<String, String> orderOf, Map<String, String> paid) throws Exception {
        Map<String, Integer> refusals = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT)) {
            List<Future<?>> done = new ArrayList<>();
            for (Buyer b : buyers) {
                done.add(pool.submit(() -> {
                    // as a storefront does: the same key again after 503 busy, no answer or another 5xx
                    Answer reserved = StorefrontRetries.untilAnswered(() -> reserve(b, keyOf(b)));
                    if (reserved.status() == 201 || reserved.status() == 200) {
                        String orderId = reserved.text("orderId");
                        orderOf.put(b.customerId(), orderId);
                        String payKey = UUID.randomUUID().toString();
                        Answer pay = StorefrontRetries.whileBusy(() -> call("POST", "/orders/" + orderId + "/payment", token(b),
                                b, payKey, "{\"paymentToken\":\"" + b.paymentToken() + "\"}"));
                        if (pay.status() == 200) {
                            paid.put(b.customerId(), orderId);
                        }
                    } else {
                        refusals.merge(reserved.label(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        if (!refusals.isEmpty()) {
            // the refusals, by answer: a wave that sells nothing says why (sold out, throttled, no answer)
            out.println("  reservations refused: " + refusals);
        }
    }

    private Answer reserve(Buyer b, String key) {
        return call("POST", "/sales/" + saleId + "/reservations", token(b), b, key, "{\"quantity\":1}");
    }

    private String token(Buyer b) {
        return stage.customer(b.customerId(), b.channel().client());
    }

    private JsonNode sale() {
        return call("GET", "/sales/" + saleId, null, null, null, null).body();
    }

    /** The units available over every pool, read until they are {@code expected} or patience runs out. */
    private long awaitAvailable(long expected, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long available = 0;
            for (JsonNode pool : sale().path("pools")) {
                available += pool.path("available").asLong();
            }
            if (available == expected || System.nanoTime() > deadline) {
                return available;
            }
            Thread.sleep(250);
        }
    }

    /**
     * Reads the sale's RESERVED and PAYING orders (the admin listing, a page of one each) until there are none (true)
     * or patience runs out (false).
     */
    private boolean holdsEnd(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            boolean held = false;
            for (String status : List.of("RESERVED", "PAYING")) {
                Answer page = call("GET", "/admin/sales/" + saleId + "/orders?status=" + status + "&limit=1", stage.admin(),
                        null, null, null);
                held |= page.status() != 200 || !page.body().path("orders").isEmpty();
            }
            if (!held) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5_000);
        }
    }

    /**
     * The refund-issued events on the finance queue, counted until there are {@code expected} (the relay lags); empty
     * when the queue is out of reach.
     */
    private OptionalInt awaitFinanceEvents(int expected, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            OptionalInt events = stage.financeEvents();
            if (events.isEmpty() || events.getAsInt() >= expected || System.nanoTime() > deadline) {
                return events;
            }
            Thread.sleep(500);
        }
    }

    private int waitForRefunds(int expected, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        int refunded = 0;
        while (true) {
            refunded = 0;
            String cursor = null;
            do {
                JsonNode page = call("GET", "/admin/sales/" + saleId + "/orders?status=REFUNDED&limit=100"
                        + (cursor == null ? "" : "&cursor=" + cursor), stage.admin(), null, null, null).body();
                refunded += page.path("orders").size();
                cursor = page.hasNonNull("nextCursor") ? page.path("nextCursor").asText() : null;
            } while (cursor != null);
            if (refunded >= expected || System.nanoTime() > deadline) {
                return refunded;
            }
            Thread.sleep(1_000);
        }
    }

    /** Each order as the admin route shows it now (an order it could not read is left out). */
    private Map<String, JsonNode> read(Set<String> orderIds) {
        Map<String, JsonNode> now = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT)) {
            for (String id : orderIds) {
                pool.submit(() -> {
                    Answer read = StorefrontRetries.whileBusy(() -> call("GET", "/admin/orders/" + id, stage.admin(), null, null, null));
                    if (read.status() == 200) {
                        now.put(id, read.body());
                    }
                });
            }
        }
        return now;
    }

    /** Reads every order through the admin route until all are terminal or patience runs out. */
    private Map<String, JsonNode> settle(Set<String> orderIds, Duration patience) throws InterruptedException {
        Map<String, JsonNode> latest = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> open = orderIds.stream().filter(id -> !latest.containsKey(id) || !InvariantAudit.terminal(latest.get(id)))
                    .toList();
            if (open.isEmpty() || System.nanoTime() > deadline) {
                return latest;
            }
            latest.putAll(read(Set.copyOf(open)));
            if (orderIds.stream().anyMatch(id -> !latest.containsKey(id) || !InvariantAudit.terminal(latest.get(id)))) {
                Thread.sleep(2_000);
            }
        }
    }

    private void line(boolean ok, String what) {
        passed &= ok;
        String text = (ok ? "PASS " : "FAIL ") + what;
        out.println(text);
        out.flush();
    }

    /** One request, from the buyer's own address when there is a buyer. */
    private Answer call(String method, String path, String token, Buyer from, String key, String body) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (from != null && ownAddresses) {
            try {
                builder.localAddress(InetAddress.getByName(from.address()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("idempotency-key", key);
        }
        if (from != null) {
            request.header("user-agent", from.userAgent());
        }
        try (HttpClient http = builder.build()) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body() == null || response.body().isEmpty() ? JSON.createObjectNode()
                    : JSON.readTree(response.body());
            return Answer.of(response.statusCode(), parsed);
        } catch (IOException e) {
            return Answer.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.failed(e);
        }
    }
}
