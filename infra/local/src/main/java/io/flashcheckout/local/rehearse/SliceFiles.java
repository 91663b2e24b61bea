package io.flashcheckout.local.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A slice's traffic as files, so slices run anywhere (other JVMs, machines, Lambda) and {@code rehearse merge} adds
 * them up: {@code latency.hlog} (an HdrHistogram log, one histogram per route and part, tagged {@code RESERVE/SERVICE}),
 * {@code answers.csv} and {@code per-second.csv} (Commons CSV), and {@code slice.json} (Jackson: the sale, the
 * slice, the marks and what the audit needs from the journeys: order ids, unpaid holds, replays).
 */
final class SliceFiles {
    static final String MANIFEST = "slice.json";
    static final String LATENCY = "latency.hlog";
    static final String ANSWERS = "answers.csv";
    static final String PER_SECOND = "per-second.csv";

    private static final int MAX_SLICES = 100_000;
    /** --max-seconds (at most a day) plus the tally's 120 s of answers after it. */
    private static final int MAX_TALLY_SECONDS = 86_400 + 120;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    /** Which part of which crowd a slice is: shopper {@code index} belongs to slice {@code index % count + 1}. */
    record Slice(int number, int count) {
        static final Slice WHOLE = new Slice(1, 1);

        Slice {
            if (count < 1 || number < 1 || number > count) {
                throw new IllegalArgumentException("a slice is i/n with 1 <= i <= n, not " + number + "/" + count);
            }
        }

        static Slice parse(String text) {
            String[] parts = text.split("/", -1);
            try {
                if (parts.length == 2 && parts[0].length() <= 6 && parts[1].length() <= 6) {
                    return new Slice(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("--slice must be i/n (e.g. 2/8), not " + text);
        }

        boolean has(Shopper shopper) {
            return shopper.index() % count == number - 1;
        }

        @Override
        public String toString() {
            return number + "/" + count;
        }
    }

    record ReplayRow(String customerId, String firstOrderId, int status, String kind, JsonNode body) {}

    /** {@code slice.json}: what merging needs besides the histograms and the counts. */
    record Manifest(String saleId, long stock, int perCustomerLimit, int holdSeconds, Integer shards, String price,
                    String opensAt, long seed, int slice, int slices, int crowdSize, int shoppersSent, boolean cutShort,
                    long trafficMillis, int safetyCap, long capHits, int mostInFlight, int tallySeconds,
                    long firstSoldOutNanos, long lastReservationNanos, List<String> orderIds, List<String> unpaidHolds,
                    List<ReplayRow> replays) {

        SaleSpec sale() {
            return new SaleSpec(saleId, stock, perCustomerLimit, holdSeconds, shards, price);
        }
    }

    /** One slice read back: its manifest and its traffic. */
    record Read(Manifest manifest, Rehearsal.Traffic traffic) {}

    private SliceFiles() {}

    static void write(Path dir, SaleSpec sale, Instant opensAt, long seed, Slice slice, int crowdSize,
                      Rehearsal.Traffic traffic) throws IOException {
        Files.createDirectories(dir);
        Tally tally = traffic.tally();
        try (OutputStream file = Files.newOutputStream(dir.resolve(LATENCY));
             PrintStream out = new PrintStream(file, false, StandardCharsets.UTF_8)) {
            HistogramLogWriter log = new HistogramLogWriter(out);
            log.outputComment("flash-checkout rehearsal " + sale.saleId() + " slice " + slice + ", microseconds");
            log.outputLogFormatVersion();
            log.outputLegend();
            for (Route route : Route.values()) {
                for (Tally.Part part : Tally.Part.values()) {
                    Histogram h = tally.latency(route, part);
                    h.setTag(route.name() + "/" + part.name());
                    h.setStartTimeStamp(opensAt.toEpochMilli());
                    h.setEndTimeStamp(opensAt.toEpochMilli() + traffic.took().toMillis());
                    log.outputIntervalHistogram(h);
                }
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(ANSWERS), StandardCharsets.UTF_8);
             CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader("route", "answer", "count").get().print(w)) {
            for (Map.Entry<Route, Map<String, Long>> byRoute : tally.answers().entrySet()) {
                for (Map.Entry<String, Long> answer : byRoute.getValue().entrySet()) {
                    csv.printRecord(byRoute.getKey().name(), answer.getKey(), answer.getValue());
                }
            }
        }
        long[] due = tally.duePerSecond();
        long[] answered = tally.answersPerSecond();
        long[] reserved = tally.reservationsPerSecond();
        try (Writer w = Files.newBufferedWriter(dir.resolve(PER_SECOND), StandardCharsets.UTF_8);
             CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader("second", "due", "answered", "reserved").get().print(w)) {
            for (int second = 0; second < due.length; second++) {
                csv.printRecord(second, due[second], answered[second], reserved[second]);
            }
        }
        List<ReplayRow> replays = traffic.replays().stream().map(r -> new ReplayRow(r.customerId(), r.firstOrderId(),
                r.again().status(), r.again().kind(), r.again().body())).toList();
        Manifest manifest = new Manifest(sale.saleId(), sale.stock(), sale.perCustomerLimit(), sale.holdSeconds(),
                sale.shards(), sale.price(), opensAt.toString(), seed, slice.number(), slice.count(), crowdSize,
                traffic.shoppersSent(), traffic.cutShort(), traffic.took().toMillis(), traffic.safetyCap(), traffic.capHits(),
                traffic.mostInFlight(), tally.seconds(), tally.firstSoldOutNanos(), tally.lastReservationNanos(),
                traffic.orderIds().stream().sorted().toList(), traffic.unpaidHolds().stream().sorted().toList(), replays);
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
    }

    /** A slice's files as text, by name (what a Lambda slice answers). */
    static Map<String, String> asText(Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        for (String name : List.of(MANIFEST, LATENCY, ANSWERS, PER_SECOND)) {
            files.put(name, Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
        }
        return files;
    }

    /**
     * The slices in a file of Lambda answers, each unpacked into a directory under {@code into}: one answer
     * ({@code {"files": {...}}}), an array of them, or Step Functions' result file (an array of executions whose
     * {@code Output} is the answer as a JSON string).
     */
    static List<Path> unpack(Path answers, Path into) throws IOException {
        JsonNode root = JSON.readTree(answers.toFile());
        List<JsonNode> items = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(items::add);
        } else {
            items.add(root);
        }
        List<Path> dirs = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode answer = item.path("Output").isTextual() ? JSON.readTree(item.path("Output").asText()) : item;
            JsonNode files = answer.path("files");
            if (!files.isObject()) {
                throw new IOException(answers + ": an answer without files (slice " + answer.path("slice").asText("?")
                        + ", exit " + answer.path("exit").asText("?") + ")");
            }
            Path dir = Files.createDirectories(into.resolve("slice-" + dirs.size()));
            for (String name : List.of(MANIFEST, LATENCY, ANSWERS, PER_SECOND)) {
                if (!files.path(name).isTextual()) {
                    throw new IOException(answers + ": an answer without " + name);
                }
                Files.writeString(dir.resolve(name), files.path(name).asText(), StandardCharsets.UTF_8);
            }
            dirs.add(dir);
        }
        return dirs;
    }

    static Read read(Path dir) throws IOException {
        Manifest m = JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
        if (m.slices() > MAX_SLICES || m.tallySeconds() < 1 || m.tallySeconds() > MAX_TALLY_SECONDS || m.saleId() == null) {
            throw new IOException(dir.resolve(MANIFEST) + ": not a slice this tool wrote (slices " + m.slices()
                    + ", seconds " + m.tallySeconds() + ")");
        }
        new Slice(m.slice(), m.slices());
        Tally tally = new Tally(0, m.tallySeconds());
        HistogramLogReader log = new HistogramLogReader(dir.resolve(LATENCY).toFile());
        for (EncodableHistogram next = log.nextIntervalHistogram(); next != null; next = log.nextIntervalHistogram()) {
            String[] tag = String.valueOf(next.getTag()).split("/");
            if (tag.length != 2 || !(next instanceof Histogram h)) {
                throw new IOException(dir.resolve(LATENCY) + ": a histogram tagged " + next.getTag() + " is not ROUTE/PART");
            }
            tally.restore(Route.valueOf(tag[0]), Tally.Part.valueOf(tag[1]), h);
        }
        try (Reader r = Files.newBufferedReader(dir.resolve(ANSWERS), StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSV.parse(r)) {
                tally.restoreAnswers(Route.valueOf(row.get("route")), row.get("answer"), Long.parseLong(row.get("count")));
            }
        }
        try (Reader r = Files.newBufferedReader(dir.resolve(PER_SECOND), StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSV.parse(r)) {
                tally.restoreSecond(Integer.parseInt(row.get("second")), Long.parseLong(row.get("due")),
                        Long.parseLong(row.get("answered")), Long.parseLong(row.get("reserved")));
            }
        }
        tally.restoreMarks(m.firstSoldOutNanos(), m.lastReservationNanos());
        List<Journeys.Replay> replays = new ArrayList<>();
        for (ReplayRow r : m.replays()) {
            replays.add(new Journeys.Replay(r.customerId(), r.firstOrderId(), new Answer(r.status(), r.kind(), r.body())));
        }
        return new Read(m, new Rehearsal.Traffic(tally, m.shoppersSent(), m.cutShort(), Duration.ofMillis(m.trafficMillis()),
                Set.copyOf(m.orderIds()), Set.copyOf(m.unpaidHolds()), List.copyOf(replays), m.safetyCap(), m.capHits(),
                m.mostInFlight()));
    }

    /**
     * The slices of one crowd added up: they must be of the same sale and seed, and together every slice 1..n
     * once. Counts and histograms add; the traffic lasted as long as the longest slice; the most open at once is
     * the sum of each slice's most (an upper bound: they need not have peaked together).
     */
    static Read merge(List<Read> slices) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Manifest first = slices.getFirst().manifest();
        boolean[] seen = new boolean[first.slices() + 1];
        for (Read slice : slices) {
            Manifest m = slice.manifest();
            if (!m.saleId().equals(first.saleId()) || m.seed() != first.seed() || m.slices() != first.slices()
                    || m.crowdSize() != first.crowdSize()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "slice %d/%d of %s (seed %d) is not of "
                        + "the same rehearsal as slice %d/%d of %s (seed %d)", m.slice(), m.slices(), m.saleId(), m.seed(),
                        first.slice(), first.slices(), first.saleId(), first.seed()));
            }
            if (seen[m.slice()]) {
                throw new IllegalArgumentException("slice " + m.slice() + "/" + m.slices() + " is given twice");
            }
            seen[m.slice()] = true;
        }
        for (int i = 1; i < seen.length; i++) {
            if (!seen[i]) {
                throw new IllegalArgumentException("slice " + i + "/" + first.slices() + " is missing");
            }
        }
        Tally tally = new Tally(0, slices.stream().mapToInt(s -> s.manifest().tallySeconds()).max().orElseThrow());
        int sent = 0;
        boolean cutShort = false;
        Duration took = Duration.ZERO;
        Set<String> orders = new java.util.HashSet<>();
        Set<String> unpaid = new java.util.HashSet<>();
        List<Journeys.Replay> replays = new ArrayList<>();
        long capHits = 0;
        int mostInFlight = 0;
        for (Read slice : slices) {
            Rehearsal.Traffic t = slice.traffic();
            tally.add(t.tally());
            sent += t.shoppersSent();
            cutShort |= t.cutShort();
            took = took.compareTo(t.took()) >= 0 ? took : t.took();
            orders.addAll(t.orderIds());
            unpaid.addAll(t.unpaidHolds());
            replays.addAll(t.replays());
            capHits += t.capHits();
            mostInFlight += t.mostInFlight();
        }
        Rehearsal.Traffic merged = new Rehearsal.Traffic(tally, sent, cutShort, took, Set.copyOf(orders), Set.copyOf(unpaid),
                List.copyOf(replays), first.safetyCap(), capHits, mostInFlight);
        Manifest m = new Manifest(first.saleId(), first.stock(), first.perCustomerLimit(), first.holdSeconds(), first.shards(),
                first.price(), first.opensAt(), first.seed(), 0, first.slices(), first.crowdSize(), sent, cutShort, took.toMillis(),
                first.safetyCap(), capHits, mostInFlight, tally.seconds(), tally.firstSoldOutNanos(),
                tally.lastReservationNanos(), List.of(), List.of(), List.of());
        return new Read(m, merged);
    }
}
