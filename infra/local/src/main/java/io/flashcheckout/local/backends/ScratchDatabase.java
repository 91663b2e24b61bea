package io.flashcheckout.local.backends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where DynamoDB Local keeps a database that should live only as long as the stack: a directory in RAM
 * ({@code /dev/shm}), removed when the stack stops, rather than DynamoDB Local's own in-memory mode.
 *
 * <p>In its in-memory mode every page of the database sits in SQLite's page cache, and the SQLite that DynamoDB Local
 * ships walks that whole cache at every ROLLBACK (a cancelled transaction): in a full-size Poco M3 rehearsal, with the
 * orders, their indexes and a stream record for every write in memory, a third of DynamoDB Local's one SQLite thread
 * went there ({@code perf}: {@code pcache1TruncateUnsafe} under {@code pager_playback}), and each cancelled transaction
 * cost more as the sale went on. A database file keeps SQLite's cache at its default size, and in {@code /dev/shm}
 * the file is in RAM all the same ({@link SqliteTuning} maps it into memory for reading). Where there is no
 * {@code /dev/shm} (macOS, Windows) the in-memory mode stays.
 */
final class ScratchDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchDatabase.class);
    private static final Path RAM = Path.of("/dev/shm");
    private static final String PREFIX = "flash-checkout-dynamodb-";

    private ScratchDatabase() {
    }

    /** A new empty directory in RAM, or empty when this machine has none to offer. */
    static Optional<Path> create() {
        if (!Files.isDirectory(RAM) || !Files.isWritable(RAM)) {
            return Optional.empty();
        }
        removeLeftovers();
        try {
            return Optional.of(Files.createTempDirectory(RAM, PREFIX + ProcessHandle.current().pid() + "-"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("no scratch directory in {} ({}); DynamoDB Local keeps its data in memory", RAM, e.toString());
            return Optional.empty();
        }
    }

    /** The scratch databases of processes that are gone (killed before they could remove theirs): RAM is not disk. */
    private static void removeLeftovers() {
        try (Stream<Path> dirs = Files.list(RAM)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
                String[] parts = dir.getFileName().toString().substring(PREFIX.length()).split("-", 2);
                try {
                    if (ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                        remove(dir);
                    }
                } catch (NumberFormatException | UncheckedIOException e) {
                    LOG.debug("left {} alone: {}", dir, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("could not look for leftover scratch databases in {}: {}", RAM, e.toString());
        }
    }

    /** Removes the directory and the database in it. */
    static void remove(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove DynamoDB Local's scratch database " + directory, e);
        }
    }
}
