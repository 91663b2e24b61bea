package io.flashcheckout.local.backends;

import io.flashcheckout.local.LocalAwsProperties;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB Local's reads of one shard's or one stream's records (as its 2.6 jar writes them: GetRecords, the earliest
 * record a TRIM_HORIZON iterator starts at, the latest one DescribeStream reports, a stream's first record) go through
 * the indexes, not along every table's records in sequence-number order.
 */
class StreamRecordIndexTest {
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
            "SELECT SequenceNumber, StreamRecord, OperationType, CreationDateTime FROM us WHERE StreamID = ? AND ShardID = ? "
                    + "AND SequenceNumber >= ? AND CreationDateTime > ? ORDER BY SequenceNumber ASC LIMIT ?",
            "SELECT SequenceNumber, CreationDateTime FROM us WHERE ShardID = ? AND CreationDateTime >= ? ORDER BY SequenceNumber ASC LIMIT 1",
            "SELECT SequenceNumber FROM us WHERE ShardID=? ORDER BY SequenceNumber DESC LIMIT 1",
            "SELECT MIN(SequenceNumber) FROM us WHERE StreamID=?"})
    void aShardsRecordsAreFoundThroughTheIndex(String sql) {
        List<String> plan = local.queryPlan(sql);

        assertThat(plan).anyMatch(step -> step.contains("USING INDEX " + StreamRecordIndex.PREFIX)
                || step.contains("USING COVERING INDEX " + StreamRecordIndex.PREFIX));
        assertThat(plan).noneMatch(step -> step.matches("SCAN (TABLE )?us( .*)?"));
    }
}
