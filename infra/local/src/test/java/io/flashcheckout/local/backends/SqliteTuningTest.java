package io.flashcheckout.local.backends;

import io.flashcheckout.local.LocalAwsProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DynamoDB Local's reads of one shard's or one stream's records (as its 2.6 jar writes them: GetRecords, the earliest
 * record a TRIM_HORIZON iterator starts at, the latest one DescribeStream reports, a stream's first record) go through
 * the indexes, not along every table's records in sequence-number order.
 */
class SqliteTuningTest {
    private static LocalDynamoDb local;

    @BeforeAll
    static void start() {
        LocalAwsProperties.set();
        local = LocalDynamoDb.start(0, null);
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT SequenceNumber, CreationDateTime FROM us WHERE ShardID = ? AND CreationDateTime >= ? ORDER BY SequenceNumber ASC LIMIT 1",
            "SELECT SequenceNumber FROM us WHERE ShardID=? ORDER BY SequenceNumber DESC LIMIT 1",
            "SELECT MIN(SequenceNumber) FROM us WHERE StreamID=?"})
    void aShardsRecordsAreFoundThroughTheIndex(String sql) {
        List<String> plan = local.queryPlan(sql);

        assertThat(plan).anyMatch(step -> step.contains("USING INDEX " + SqliteTuning.PREFIX)
                || step.contains("USING COVERING INDEX " + SqliteTuning.PREFIX));
        assertThat(plan).noneMatch(step -> step.matches("SCAN (TABLE )?us( .*)?"));
    }

    /**
     * GetRecords starts at its iterator's sequence number, not at the stream's first record: with an index on (stream,
     * sequence number) SQLite 3.8.7 used only the stream (the sequence number is the table's rowid, which it does not
     * match to an index column of that name) and walked every earlier record of the stream at each call.
     */
    @Test
    void getRecordsSeeksToItsIteratorsSequenceNumber() {
        List<String> plan = local.queryPlan("SELECT SequenceNumber, StreamRecord, OperationType, CreationDateTime FROM us "
                + "WHERE StreamID = ? AND ShardID = ? AND SequenceNumber >= ? AND CreationDateTime > ? ORDER BY SequenceNumber "
                + "ASC LIMIT ?;");

        assertThat(plan).anyMatch(step -> step.contains("INDEX " + SqliteTuning.PREFIX) && step.contains("AND rowid>?"));
        assertThat(plan).noneMatch(step -> step.contains("TEMP B-TREE"));
    }

    /** Where there is RAM to put it in, the database is a scratch file read through a memory map, not SQLite's :memory:. */
    @Test
    void aDatabaseThatDiesWithTheStackIsAMappedScratchFile() {
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "a machine with /dev/shm");

        assertThat(local.sqliteSetting("database_list")).startsWith("/dev/shm/flash-checkout-dynamodb-");
        assertThat(Long.parseLong(local.sqliteSetting("mmap_size"))).isPositive();
        assertThat(local.sqliteSetting("journal_mode")).isEqualTo("memory");
    }

    @Test
    void theScratchFileIsGoneWhenTheServerStops() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "a machine with /dev/shm");
        LocalDynamoDb other = LocalDynamoDb.start(0, null);
        Path file = Path.of(other.sqliteSetting("database_list"));
        assertThat(file).exists();

        other.close();

        assertThat(file.getParent()).doesNotExist();
    }
}
