package io.computecluster.master.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.job.JobEvent.ChunkResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultRecorderTest {
    private final ResultRecorder recorder = new ResultRecorder();

    private static ChunkResult chunk(int id) {
        return new ChunkResult(id, Numbers.of(new long[] {id}), List.of(), "127.0.0.1:1");
    }

    @Test
    void resultsThatArriveBeforeTheFlushGoInOneWritePerJob() {
        assertTrue(recorder.add("a", chunk(0)), "the first result schedules a flush");
        assertFalse(recorder.add("a", chunk(1)), "one flush is scheduled at a time");
        assertFalse(recorder.add("b", chunk(0)));
        Map<String, List<ChunkResult>> batches = recorder.flush();
        assertEquals(List.of("a", "b"), List.copyOf(batches.keySet()));
        assertEquals(List.of(chunk(0), chunk(1)), batches.get("a"));
        assertEquals(Map.of(), recorder.flush(), "nothing waits");
    }

    @Test
    void aJobHasOneWriteInFlightAndWhatCameMeanwhileFollowsIt() {
        recorder.add("a", chunk(0));
        recorder.flush();
        assertTrue(recorder.add("a", chunk(1)), "a new flush is scheduled");
        assertEquals(Map.of(), recorder.flush(), "job a's write is still in flight");
        assertTrue(recorder.written("a"), "chunk 1 waits: flush again");
        assertEquals(Map.of("a", List.of(chunk(1))), recorder.flush());
        assertFalse(recorder.written("a"), "nothing waits any more");
    }

    @Test
    void aFailedWriteGivesItsResultsBackAndMarksTheStoreFailingUntilAWriteSucceeds() {
        recorder.add("a", chunk(0));
        recorder.flush();
        assertEquals(List.of(chunk(0)), recorder.writeFailed("a"));
        assertEquals(List.of(), recorder.writeFailed("a"), "given back once");
        assertTrue(recorder.storeFailed("disk full"));
        assertFalse(recorder.storeFailed("still full"), "only the first failure is news");
        assertEquals("still full", recorder.storeProblem());

        recorder.add("a", chunk(0));
        recorder.flush();
        recorder.written("a");
        assertEquals("still full", recorder.recovered());
        assertNull(recorder.storeProblem());
        assertNull(recorder.recovered(), "recovered once");
    }

    @Test
    void aForgottenJobsResultsAreDropped() {
        recorder.add("a", chunk(0));
        recorder.flush();
        recorder.add("a", chunk(1));
        recorder.dropWaiting("a");
        assertFalse(recorder.flushFor("a"));
        recorder.forget("a");
        assertEquals(List.of(), recorder.writeFailed("a"), "the write in flight is forgotten too");
    }
}
