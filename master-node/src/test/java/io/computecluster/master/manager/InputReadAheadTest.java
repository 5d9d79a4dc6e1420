package io.computecluster.master.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.computecluster.common.column.PayloadType;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobSpec;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputReadAheadTest {
    /** 40 stored integers in chunks of 4: chunk c holds inputs 4c..4c+3. */
    private static Job storedJob(String id) {
        long[] ends = new long[10];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = 4L * (i + 1);
        }
        return new Job(id, new JobSpec("square", new InputSource.Stored(PayloadType.INTEGER, 40, ends, 0, 6), 4),
                Instant.EPOCH);
    }

    private static Numbers chunk(int c) {
        return Numbers.range(4L * c, 4);
    }

    @Test
    void theNextChunksAreReadOnceEachAndTakenToBeHandedOut() {
        InputReadAhead ahead = new InputReadAhead(1 << 20);
        Job job = storedJob("j-1");
        assertEquals(List.of(0, 1, 2, 3), ahead.toRead(job));
        assertEquals(List.of(), ahead.toRead(job), "being read already");

        assertNull(ahead.take("j-1", 0));
        ahead.loaded("j-1", 0, chunk(0));
        ahead.loaded("j-1", 1, chunk(1));
        assertEquals(chunk(0), ahead.take("j-1", job.nextChunk()));
        job.nextTask(chunk(0));
        assertEquals(List.of(4), ahead.toRead(job), "one more ahead");
        assertEquals(chunk(0), ahead.handedOut("j-1", 0), "kept for its failures");
        ahead.done("j-1", 0);
        assertNull(ahead.handedOut("j-1", 0));
    }

    @Test
    void aFailedReadIsOfferedAgainAndAChunkHandedOutAgainIsReadFirst() {
        InputReadAhead ahead = new InputReadAhead(1 << 20);
        Job job = storedJob("j-2");
        ahead.toRead(job);
        ahead.failed("j-2", 2);
        assertEquals(List.of(2), ahead.toRead(job));

        for (int c = 0; c < 4; c++) {
            ahead.loaded("j-2", c, chunk(c));
        }
        for (int c = 0; c < 4; c++) {
            job.nextTask(ahead.take("j-2", job.nextChunk()));
        }
        job.retry(1);
        assertEquals(List.of(1, 4, 5, 6), ahead.toRead(job));
        ahead.loaded("j-2", 1, chunk(1));
        assertEquals(1, job.nextChunk());
        assertEquals(chunk(1), ahead.take("j-2", 1));
    }

    @Test
    void pastTheBudgetOnlyAJobHoldingNothingGetsAChunkRead() {
        // Two chunks of four longs: 64 bytes.
        InputReadAhead ahead = new InputReadAhead(64);
        Job first = storedJob("j-a");
        Job second = storedJob("j-b");
        ahead.toRead(first);
        for (int c = 0; c < 4; c++) {
            ahead.loaded("j-a", c, chunk(c));
        }
        assertEquals(128, ahead.loadedBytes());
        assertEquals(List.of(0), ahead.toRead(second), "one chunk, so that no job starves");
        assertEquals(List.of(), ahead.toRead(second));

        ahead.forget("j-a");
        assertEquals(0, ahead.loadedBytes());
        assertNull(ahead.take("j-a", 0));
        ahead.loaded("j-b", 0, chunk(0));
        assertEquals(List.of(1, 2, 3), ahead.toRead(second));
    }

    @Test
    void aJobWhoseInputsAreInTheHeapIsNotReadAhead() {
        Job range = new Job("j-r", new JobSpec("square", new InputSource.Range(BigInteger.ONE, BigInteger.TEN), 2),
                Instant.EPOCH);
        assertEquals(List.of(), new InputReadAhead(1 << 20).toRead(range));
    }
}
