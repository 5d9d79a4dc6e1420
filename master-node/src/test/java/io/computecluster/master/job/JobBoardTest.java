package io.computecluster.master.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class JobBoardTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** A board keeping at most {@code retainedJobs} ended jobs, whatever their size. */
    private static JobBoard board(int retainedJobs) {
        return new JobBoard(retainedJobs, Long.MAX_VALUE);
    }

    /** The next n chunks as "job:chunk". */
    private static List<String> take(JobBoard board, int n) {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Optional<ChunkTask> task = board.nextTask();
            taken.add(task.map(t -> t.jobId() + ":" + t.chunkId()).orElse("-"));
        }
        return taken;
    }

    private static void finish(Job job) {
        while (job.hasWork()) {
            job.nextTask();
        }
        for (int chunk = 0; chunk < job.chunkCount(); chunk++) {
            long size = Math.min(job.spec().chunkSize(), job.spec().inputs().total() - (long) chunk * job.spec().chunkSize());
            RecordedResults.complete(job, chunk, io.computecluster.common.numbers.Numbers.range(0, (int) size), List.of(), "n", T0);
        }
    }

    @Test
    void jobsGetChunksInTurn() {
        JobBoard board = board(10);
        board.add(JobTest.rangeJob("a", 1, 50, 10));
        board.add(JobTest.rangeJob("b", 1, 20, 10));
        board.add(JobTest.rangeJob("c", 1, 10, 10));
        assertEquals(List.of("a:0", "b:0", "c:0", "a:1", "b:1", "a:2", "a:3", "a:4", "-", "-"), take(board, 10));
    }

    @Test
    void aJobAddedLaterJoinsTheRotation() {
        JobBoard board = board(10);
        board.add(JobTest.rangeJob("big", 1, 1000, 10));
        assertEquals(List.of("big:0", "big:1"), take(board, 2));
        board.add(JobTest.rangeJob("small", 1, 20, 10));
        assertEquals(List.of("big:2", "small:0", "big:3", "small:1", "big:4", "big:5"), take(board, 6));
    }

    @Test
    void retryReAddsAJobThatRanOutOfFreshChunks() {
        JobBoard board = board(10);
        board.add(JobTest.rangeJob("a", 1, 20, 10));
        board.add(JobTest.rangeJob("b", 1, 50, 10));
        assertEquals(List.of("a:0", "b:0", "a:1", "b:1", "b:2"), take(board, 5));
        board.retry("a", 0);
        assertEquals(List.of("b:3", "a:0", "b:4", "-"), take(board, 4));
    }

    @Test
    void retryOfAJobThatStillHasWorkDoesNotGiveItAnExtraTurn() {
        JobBoard board = board(10);
        board.add(JobTest.rangeJob("a", 1, 50, 10));
        board.add(JobTest.rangeJob("b", 1, 50, 10));
        assertEquals(List.of("a:0", "b:0"), take(board, 2));
        board.retry("a", 0);
        assertEquals(List.of("a:0", "b:1", "a:1", "b:2"), take(board, 4));
    }

    @Test
    void retryOfUnknownJobOrDoneChunkDoesNothing() {
        JobBoard board = board(10);
        Job job = JobTest.listJob("a", 1, 1, 2);
        board.add(job);
        board.retry("nope", 0);
        ChunkTask first = board.nextTask().orElseThrow();
        RecordedResults.complete(job, first.chunkId(), JobTest.squares(first.inputs()), List.of(), "n", T0);
        board.retry("a", 0);
        assertEquals(List.of("a:1", "-"), take(board, 2));
    }

    @Test
    void cancelledJobsAreSkipped() {
        JobBoard board = board(10);
        Job a = JobTest.rangeJob("a", 1, 50, 10);
        board.add(a);
        board.add(JobTest.rangeJob("b", 1, 30, 10));
        assertEquals(List.of("a:0"), take(board, 1));
        a.cancel(T0);
        board.ended(a);
        board.retry("a", 0);
        assertEquals(List.of("b:0", "b:1", "b:2", "-"), take(board, 4));
    }

    @Test
    void retentionDropsTheOldestEndedJobs() {
        JobBoard board = board(2);
        Job running = JobTest.rangeJob("running", 1, 10, 10);
        board.add(running);
        List<Job> ended = new ArrayList<>();
        for (String id : List.of("e1", "e2", "e3")) {
            Job job = JobTest.listJob(id, 10, 1);
            board.add(job);
            ended.add(job);
        }
        for (Job job : ended) {
            finish(job);
            board.ended(job);
        }
        assertTrue(board.get("e1").isEmpty(), "the oldest ended job is forgotten");
        assertSame(ended.get(1), board.get("e2").orElseThrow());
        assertSame(ended.get(2), board.get("e3").orElseThrow());
        assertSame(running, board.get("running").orElseThrow(), "running jobs are never dropped");
        assertEquals(List.of("e3", "e2", "running"), board.newestFirst().stream().map(Job::id).toList());
        assertEquals(3, board.all().size());
    }

    @Test
    void retentionOfZeroKeepsNoEndedJob() {
        JobBoard board = board(0);
        Job job = JobTest.listJob("e", 10, 1);
        board.add(job);
        finish(job);
        board.ended(job);
        assertTrue(board.get("e").isEmpty());
    }

    @Test
    void retentionByInputsDropsTheOldestButKeepsTheNewest() {
        JobBoard board = new JobBoard(100, 25);
        Job first = JobTest.rangeJob("first", 1, 10, 10);
        Job second = JobTest.rangeJob("second", 1, 10, 10);
        Job huge = JobTest.rangeJob("huge", 1, 100, 10);
        for (Job job : List.of(first, second, huge)) {
            board.add(job);
        }
        finish(first);
        board.ended(first);
        finish(second);
        board.ended(second);
        assertTrue(board.get("first").isPresent(), "20 results fit in 25");
        finish(huge);
        board.ended(huge);
        assertTrue(board.get("first").isEmpty());
        assertTrue(board.get("second").isEmpty());
        assertSame(huge, board.get("huge").orElseThrow(), "the newest ended job is kept even past the limit");
    }

    @Test
    void removeOnlyRemovesEndedJobs() {
        JobBoard board = board(10);
        Job queued = JobTest.rangeJob("q", 1, 10, 10);
        Job running = JobTest.rangeJob("r", 1, 20, 10);
        Job done = JobTest.listJob("d", 10, 1);
        board.add(queued);
        board.add(running);
        board.add(done);
        running.nextTask();
        finish(done);
        board.ended(done);
        assertFalse(board.remove("q"));
        assertFalse(board.remove("r"));
        assertFalse(board.remove("unknown"));
        assertTrue(board.remove("d"));
        assertTrue(board.get("d").isEmpty());
        assertFalse(board.remove("d"));
        assertTrue(board.get("q").isPresent());
        assertTrue(board.get("r").isPresent());
    }

    @Test
    void removedJobNoLongerCountsTowardsRetention() {
        JobBoard board = board(2);
        List<Job> jobs = new ArrayList<>();
        for (String id : List.of("e1", "e2", "e3")) {
            Job job = JobTest.listJob(id, 10, 1);
            board.add(job);
            jobs.add(job);
        }
        finish(jobs.get(0));
        board.ended(jobs.get(0));
        finish(jobs.get(1));
        board.ended(jobs.get(1));
        assertTrue(board.remove("e2"));
        finish(jobs.get(2));
        board.ended(jobs.get(2));
        assertTrue(board.get("e1").isPresent(), "e1 and e3 fit the limit of 2 once e2 is gone");
        assertTrue(board.get("e3").isPresent());
    }

    @Test
    void newestFirst() {
        JobBoard board = board(10);
        for (String id : List.of("1", "2", "3")) {
            board.add(JobTest.listJob(id, 10, 1));
        }
        assertEquals(List.of("3", "2", "1"), board.newestFirst().stream().map(Job::id).toList());
    }

    /**
     * "One chunk per job in turn": a job whose retried chunk completed meanwhile must not enter the
     * rotation twice.
     */
    @Test
    void jobIsNeverInTheRotationTwice() {
        JobBoard board = board(10);
        Job j = JobTest.rangeJob("j", 1, 30, 10);
        board.add(JobTest.rangeJob("a", 1, 1000, 10));
        board.add(j);
        List<ChunkTask> jTasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            board.nextTask().filter(t -> t.jobId().equals("j")).ifPresent(jTasks::add);
        }
        assertEquals(3, jTasks.size(), "j handed out all its chunks");
        board.retry("j", 0);
        // Chunk 0's first worker answers after all.
        assertTrue(RecordedResults.complete(j, 0, JobTest.squares(jTasks.get(0).inputs()), List.of(), "n", T0));
        board.retry("j", 1);
        board.retry("j", 2);
        assertEquals(List.of("a:3", "j:1", "a:4", "j:2", "a:5"), take(board, 5));
    }

    @Test
    void aWorkerGetsChunksOnlyOfJobsWhoseFunctionItRunsAndThoseItPassesOverKeepTheirTurn() {
        JobBoard board = board(10);
        board.add(JobTest.rangeJob("a", 1, 30, 10));
        board.add(new Job("sha", new JobSpec(new FunctionCall("sha256", "1.0", null, 0), PayloadType.TEXT,
                PayloadType.TEXT, new InputSource.Listed(Blobs.ofUtf8("x", "y", "z")), 2), T0));
        board.add(JobTest.rangeJob("b", 1, 30, 10));
        Predicate<FunctionCall> squareOnly = call -> call.name().equals("square");
        assertEquals("a:0", board.nextTask(squareOnly).map(t -> t.jobId() + ":" + t.chunkId()).orElseThrow());
        assertEquals("b:0", board.nextTask(squareOnly).map(t -> t.jobId() + ":" + t.chunkId()).orElseThrow());
        ChunkTask sha = board.nextTask(call -> call.name().equals("sha256")).orElseThrow();
        assertEquals("sha:0", sha.jobId() + ":" + sha.chunkId());
        assertEquals(new FunctionCall("sha256", "1.0", null, 0), sha.function());
        assertEquals(Blobs.ofUtf8("x", "y"), sha.inputs());
        assertTrue(board.nextTask(call -> call.name().equals("factor")).isEmpty(), "nobody's job");
        assertEquals(List.of("a:1", "b:1", "sha:1", "a:2", "b:2", "-"), take(board, 6));
    }
}
