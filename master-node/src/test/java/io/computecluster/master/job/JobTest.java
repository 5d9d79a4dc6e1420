package io.computecluster.master.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.function.Square;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.master.job.JobEvent.ChunkResult;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Square SQUARE = new Square();

    static Job rangeJob(String id, long from, long to, int chunkSize) {
        return new Job(id, new JobSpec("square", new InputSource.Range(BigInteger.valueOf(from), BigInteger.valueOf(to)),
                chunkSize), T0);
    }

    static Job listJob(String id, int chunkSize, long... values) {
        return new Job(id, new JobSpec("square", new InputSource.Listed(Numbers.of(values)), chunkSize), T0);
    }

    /** The squares of a chunk's inputs, as a worker would send them back. */
    static Numbers squares(io.computecluster.common.column.Column column) {
        Numbers inputs = (Numbers) column;
        NumbersBuilder out = new NumbersBuilder(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            SQUARE.apply(inputs, i, out);
        }
        return out.build();
    }

    static List<ChunkTask> drain(Job job) {
        List<ChunkTask> tasks = new ArrayList<>();
        while (job.hasWork()) {
            tasks.add(job.nextTask());
        }
        return tasks;
    }

    @Test
    void aFailedStoredInputIsListedWithItsTextWhenHeldElseByItsPosition() {
        Job job = new Job("j-stored", new JobSpec("square", new InputSource.Stored(
                io.computecluster.common.column.PayloadType.INTEGER, 6, new long[] {6}, 0, 4), 3), Instant.EPOCH);
        assertThrows(UnsupportedOperationException.class, job::nextTask, "its inputs are not in the heap");
        assertEquals(List.of(0, 1), job.upcoming(5));
        ChunkTask first = job.nextTask(Numbers.of(1, 2, 3));
        ChunkTask second = job.nextTask(Numbers.of(4, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> new Job("j-x", job.spec(), Instant.EPOCH)
                .nextTask(Numbers.of(1)), "a column of the wrong size");

        job.recorded(job.accept(first.chunkId(), Numbers.of(1, 0, 9), List.of(new TaskError(1, "no")), "n")
                .orElseThrow(), Instant.EPOCH, 2, Numbers.of(1, 2, 3));
        job.recorded(job.accept(second.chunkId(), Numbers.of(0, 25, 36), List.of(new TaskError(0, "no")), "n")
                .orElseThrow(), Instant.EPOCH, 3, null);

        assertEquals(List.of("2", "#3"), job.status(Instant.EPOCH).errors().stream()
                .map(JobStatus.InputError::input).toList());
    }

    @Test
    void rangeJobIsCutIntoChunksLazily() {
        Job job = rangeJob("j1", 1, 2500, 1000);
        assertEquals(3, job.chunkCount());
        assertEquals(JobState.QUEUED, job.state());
        List<ChunkTask> tasks = drain(job);
        assertEquals(JobState.RUNNING, job.state());
        assertEquals(3, tasks.size());
        int[] sizes = {1000, 1000, 500};
        long[] firsts = {1, 1001, 2001};
        for (int i = 0; i < 3; i++) {
            ChunkTask task = tasks.get(i);
            assertEquals("j1", task.jobId());
            assertEquals(i, task.chunkId());
            assertEquals("square", task.function().name());
            assertEquals(sizes[i], task.inputs().size());
            assertEquals(firsts[i], ((Numbers) task.inputs()).longAt(0));
            assertEquals(firsts[i] + sizes[i] - 1, ((Numbers) task.inputs()).longAt(sizes[i] - 1));
            assertInstanceOf(Numbers.LongRange.class, task.inputs(), "a range chunk is never materialised");
        }
        assertFalse(job.hasWork());
        assertThrows(IllegalStateException.class, job::nextTask);
    }

    @Test
    void exactMultipleOfTheChunkSize() {
        Job job = rangeJob("j", -999, 1000, 1000);
        assertEquals(2, job.chunkCount());
        List<ChunkTask> tasks = drain(job);
        assertEquals(-999, ((Numbers) tasks.get(0).inputs()).longAt(0));
        assertEquals(1, ((Numbers) tasks.get(1).inputs()).longAt(0));
        assertEquals(1000, tasks.get(1).inputs().size());
    }

    @Test
    void listJobIsSlicedInOrder() {
        Job job = listJob("l", 2, 5, -6, 7, 8, 9);
        assertEquals(3, job.chunkCount());
        List<ChunkTask> tasks = drain(job);
        assertEquals(Numbers.of(5, -6), tasks.get(0).inputs());
        assertEquals(Numbers.of(7, 8), tasks.get(1).inputs());
        assertEquals(Numbers.of(9), tasks.get(2).inputs());
    }

    @Test
    void completingEveryChunkOnceSucceeds() {
        Job job = rangeJob("j", 1, 2500, 1000);
        for (ChunkTask task : drain(job)) {
            assertEquals(JobState.RUNNING, job.state());
            assertTrue(RecordedResults.complete(job, task.chunkId(), squares(task.inputs()), List.of(), "10.0.0.1:2552",
                    T0.plusSeconds(2)));
        }
        assertEquals(JobState.SUCCEEDED, job.state());
        assertEquals(2500, job.completed());
        assertEquals(0, job.failed());
        JobStatus status = job.status(T0.plusSeconds(100));
        assertEquals(2500, status.total());
        assertEquals(2500, status.completed());
        assertEquals(T0.plusSeconds(2).toString(), status.finishedAt());
        assertEquals(2000, status.elapsedMillis(), "elapsed stops at the end");
        assertFalse(job.hasWork());
    }

    @Test
    void chunksMayCompleteOutOfOrder() {
        Job job = rangeJob("j", 1, 30, 10);
        List<ChunkTask> tasks = drain(job);
        for (int i : new int[] {2, 0, 1}) {
            assertTrue(RecordedResults.complete(job, i, squares(tasks.get(i).inputs()), List.of(), "n", T0));
        }
        assertEquals(JobState.SUCCEEDED, job.state());
        String lines = allLines(job);
        assertTrue(lines.startsWith("1\t1\n2\t4\n"), lines);
        assertTrue(lines.endsWith("30\t900\n"), lines);
    }

    @Test
    void duplicateResultIsIgnored() {
        Job job = rangeJob("j", 1, 20, 10);
        List<ChunkTask> tasks = drain(job);
        assertTrue(RecordedResults.complete(job, 0, squares(tasks.get(0).inputs()), List.of(), "a:1", T0));
        Numbers other = squares(Numbers.range(100, 10));
        assertFalse(RecordedResults.complete(job, 0, other, List.of(new TaskError(0, "late")), "b:1", T0));
        assertEquals(10, job.completed());
        assertEquals(0, job.failed());
        assertEquals(JobState.RUNNING, job.state());
        assertEquals(Map.of("a:1", 10L), job.status(T0).workerNodes());
        assertTrue(RecordedResults.complete(job, 1, squares(tasks.get(1).inputs()), List.of(), "a:1", T0));
        assertTrue(allLines(job).startsWith("1\t1\n"), "the first result is kept");
    }

    @Test
    void resultOfTheWrongSizeIsIgnored() {
        Job job = rangeJob("j", 1, 15, 10);
        List<ChunkTask> tasks = drain(job);
        assertFalse(RecordedResults.complete(job, 1, Numbers.of(1, 2, 3), List.of(), "n", T0), "chunk 1 holds 5 inputs");
        assertFalse(RecordedResults.complete(job, 0, Numbers.of(), List.of(), "n", T0));
        assertEquals(0, job.completed());
        assertEquals(Map.of(), job.status(T0).workerNodes());
        assertTrue(RecordedResults.complete(job, 1, squares(tasks.get(1).inputs()), List.of(), "n", T0), "a right answer still counts");
        assertEquals(5, job.completed());
    }

    @Test
    void resultForAChunkThatDoesNotExistIsIgnored() {
        Job job = rangeJob("j", 1, 15, 10);
        drain(job);
        assertFalse(RecordedResults.complete(job, 2, Numbers.of(1), List.of(), "n", T0));
        assertFalse(RecordedResults.complete(job, -1, Numbers.of(1), List.of(), "n", T0));
        assertEquals(0, job.completed());
    }

    @Test
    void retriedChunkComesOutBeforeFreshOnes() {
        Job job = rangeJob("j", 1, 50, 10);
        assertEquals(0, job.nextTask().chunkId());
        assertEquals(1, job.nextTask().chunkId());
        job.retry(0);
        ChunkTask again = job.nextTask();
        assertEquals(0, again.chunkId());
        assertEquals(Numbers.range(1, 10), again.inputs());
        assertEquals(2, job.nextTask().chunkId());
    }

    @Test
    void retriedChunksComeOutInTheOrderTheyWereRetried() {
        Job job = rangeJob("j", 1, 50, 10);
        drain(job);
        job.retry(3);
        job.retry(1);
        job.retry(4);
        assertEquals(List.of(3, 1, 4), drain(job).stream().map(ChunkTask::chunkId).toList());
    }

    @Test
    void retryOfADoneChunkDoesNothing() {
        Job job = rangeJob("j", 1, 20, 10);
        List<ChunkTask> tasks = drain(job);
        RecordedResults.complete(job, 0, squares(tasks.get(0).inputs()), List.of(), "n", T0);
        job.retry(0);
        assertFalse(job.hasWork());
    }

    @Test
    void retryTwiceQueuesOnce() {
        Job job = rangeJob("j", 1, 20, 10);
        drain(job);
        job.retry(1);
        job.retry(1);
        assertEquals(List.of(1), drain(job).stream().map(ChunkTask::chunkId).toList());
        // Once handed out again, it can be retried again.
        job.retry(1);
        assertEquals(List.of(1), drain(job).stream().map(ChunkTask::chunkId).toList());
    }

    @Test
    void retryOfAChunkNotYetHandedOutOrOutOfRangeDoesNothing() {
        Job job = rangeJob("j", 1, 30, 10);
        assertEquals(0, job.nextTask().chunkId());
        job.retry(2);
        job.retry(-1);
        job.retry(99);
        assertEquals(List.of(1, 2), drain(job).stream().map(ChunkTask::chunkId).toList());
    }

    @Test
    void retriedChunkThatCompletesMeanwhileIsNotHandedOutAgain() {
        Job job = rangeJob("j", 1, 20, 10);
        List<ChunkTask> tasks = drain(job);
        job.retry(0);
        job.retry(1);
        assertTrue(RecordedResults.complete(job, 0, squares(tasks.get(0).inputs()), List.of(), "n", T0));
        assertEquals(List.of(1), drain(job).stream().map(ChunkTask::chunkId).toList());
    }

    @Test
    void failedInputsEndTheJobFailedAndAreNamed() {
        Job job = listJob("f", 3, 10, 20, 30, -40, 50);
        List<ChunkTask> tasks = drain(job);
        // Errors in any order; their result slots are meaningless.
        assertTrue(RecordedResults.complete(job, 0, Numbers.of(100, 0, 0),
                List.of(new TaskError(2, "boom at 30"), new TaskError(1, "boom at 20")), "w:1", T0));
        assertTrue(RecordedResults.complete(job, 1, Numbers.of(0, 2500), List.of(new TaskError(0, "negative")), "w:2", T0));
        assertEquals(JobState.FAILED, job.state());
        assertEquals(3, job.failed());
        assertEquals(2, job.completed());
        JobStatus status = job.status(T0);
        assertEquals(JobState.FAILED, status.state());
        assertEquals(List.of(new JobStatus.InputError("20", "boom at 20"), new JobStatus.InputError("30", "boom at 30"),
                new JobStatus.InputError("-40", "negative")), status.errors());
        String lines = allLines(job);
        assertEquals("10\t100\n20\terror: boom at 20\n30\terror: boom at 30\n-40\terror: negative\n50\t2500\n", lines);
    }

    @Test
    void aHugeFailedInputIsListedShortenedAndKeptWholeInTheResults() {
        String huge = "-" + "7".repeat(5000) + "1";
        NumbersBuilder input = new NumbersBuilder(1);
        input.setBig(0, new java.math.BigInteger(huge));
        Job job = new Job("j", new JobSpec("f", new InputSource.Listed(input.build()), 1), T0);
        ChunkTask task = job.nextTask();
        assertTrue(RecordedResults.complete(job, task.chunkId(), new NumbersBuilder(1).build(),
                List.of(new TaskError(0, "x".repeat(1000))), "n", T0));
        JobStatus.InputError listed = job.status(T0).errors().get(0);
        assertEquals("-" + "7".repeat(23) + "…" + "7".repeat(23) + "1 (5001 digits)", listed.input());
        assertEquals("x".repeat(Job.LISTED_MESSAGE_CHARS) + "…", listed.error());
        assertTrue(allLines(job).startsWith(huge + "\terror: "), "the results keep the whole input");
    }

    @Test
    void listedErrorsAreCappedButAllAreCounted() {
        int n = Job.LISTED_ERRORS + 50;
        Job job = rangeJob("f", 1, n, n);
        ChunkTask task = job.nextTask();
        List<TaskError> errors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            errors.add(new TaskError(i, "e" + i));
        }
        assertTrue(RecordedResults.complete(job, task.chunkId(), new NumbersBuilder(n).build(), errors, "n", T0));
        JobStatus status = job.status(T0);
        assertEquals(n, status.failed());
        assertEquals(0, status.completed());
        assertEquals(Job.LISTED_ERRORS, status.errors().size());
        assertEquals(new JobStatus.InputError("1", "e0"), status.errors().get(0));
    }

    @Test
    void cancelStopsEverything() {
        Job job = rangeJob("c", 1, 30, 10);
        List<ChunkTask> first = List.of(job.nextTask(), job.nextTask());
        job.retry(0);
        assertTrue(job.cancel(T0.plusSeconds(5)));
        assertEquals(JobState.CANCELLED, job.state());
        assertFalse(job.hasWork());
        assertThrows(IllegalStateException.class, job::nextTask);
        assertFalse(RecordedResults.complete(job, 1, squares(first.get(1).inputs()), List.of(), "n", T0.plusSeconds(6)));
        assertEquals(0, job.completed());
        job.retry(1);
        assertFalse(job.hasWork());
        assertFalse(job.cancel(T0.plusSeconds(7)), "cancelling twice");
        JobStatus status = job.status(T0.plusSeconds(60));
        assertEquals(JobState.CANCELLED, status.state());
        assertEquals(T0.plusSeconds(5).toString(), status.finishedAt());
    }

    @Test
    void endedJobCannotBeCancelled() {
        Job job = listJob("e", 10, 1, 2);
        ChunkTask task = job.nextTask();
        RecordedResults.complete(job, task.chunkId(), squares(task.inputs()), List.of(), "n", T0);
        assertFalse(job.cancel(T0));
        assertEquals(JobState.SUCCEEDED, job.state());
    }

    @Test
    void aRecordedChunkIsDoneWithTheEventThatHoldsIt() {
        Job job = listJob("r", 1, 1, 2);
        ChunkTask first = job.nextTask();
        ChunkTask second = job.nextTask();
        ChunkResult result = job.accept(second.chunkId(), squares(second.inputs()), List.of(), "n").orElseThrow();
        assertFalse(job.isDone(second.chunkId()), "not done until stored");
        assertTrue(job.accept(second.chunkId(), squares(second.inputs()), List.of(), "m").isEmpty(),
                "a chunk being stored is taken once");
        assertTrue(job.recorded(result, T0, 7));
        assertTrue(job.isDone(second.chunkId()));
        assertEquals(7, job.storedIn(second.chunkId()));
        assertFalse(job.isDone(first.chunkId()));
    }

    @Test
    void statusReportsEveryField() {
        Job job = rangeJob("s", 1, 2500, 1000);
        JobStatus queued = job.status(T0.plusMillis(10));
        assertEquals("s", queued.id());
        assertEquals("square", queued.function());
        assertEquals("1..2500", queued.input());
        assertEquals(JobState.QUEUED, queued.state());
        assertEquals(2500, queued.total());
        assertEquals(0, queued.completed());
        assertEquals(0, queued.failed());
        assertEquals(1000, queued.chunkSize());
        assertEquals(T0.toString(), queued.submittedAt());
        assertNull(queued.finishedAt());
        assertEquals(10, queued.elapsedMillis());
        assertEquals(List.of(), queued.errors());

        List<ChunkTask> tasks = drain(job);
        RecordedResults.complete(job, 0, squares(tasks.get(0).inputs()), List.of(), "10.0.0.1:2552", T0.plusSeconds(1));
        RecordedResults.complete(job, 2, squares(tasks.get(2).inputs()), List.of(new TaskError(499, "x")), "10.0.0.2:2552",
                T0.plusSeconds(1));
        JobStatus running = job.status(T0.plusSeconds(2));
        assertEquals(JobState.RUNNING, running.state());
        assertEquals(1499, running.completed());
        assertEquals(1, running.failed());
        assertEquals(Map.of("10.0.0.1:2552", 1000L, "10.0.0.2:2552", 500L), running.workerNodes());
        assertEquals(List.of(new JobStatus.InputError("2500", "x")), running.errors());
        assertEquals(2000, running.elapsedMillis());
        assertEquals(750, running.tasksPerSecond());

        RecordedResults.complete(job, 1, squares(tasks.get(1).inputs()), List.of(), "10.0.0.1:2552", T0.plusSeconds(4));
        JobStatus ended = job.status(T0.plusSeconds(9));
        assertEquals(JobState.FAILED, ended.state());
        assertEquals(Map.of("10.0.0.1:2552", 2000L, "10.0.0.2:2552", 500L), ended.workerNodes());
        assertEquals(2499 + 1, ended.completed() + ended.failed());
        assertEquals(4000, ended.elapsedMillis());
    }

    @Test
    void statusSnapshotsDoNotChangeLater() {
        Job job = rangeJob("s", 1, 20, 10);
        List<ChunkTask> tasks = drain(job);
        RecordedResults.complete(job, 0, squares(tasks.get(0).inputs()), List.of(new TaskError(0, "x")), "a:1", T0);
        JobStatus before = job.status(T0);
        RecordedResults.complete(job, 1, squares(tasks.get(1).inputs()), List.of(new TaskError(0, "y")), "b:1", T0);
        assertEquals(Map.of("a:1", 10L), before.workerNodes());
        assertEquals(1, before.errors().size());
    }

    @Test
    void jobSpecRejectsABadChunkSize() {
        InputSource inputs = new InputSource.Listed(Numbers.of(1));
        assertThrows(IllegalArgumentException.class, () -> new JobSpec("square", inputs, 0));
        assertThrows(IllegalArgumentException.class, () -> new JobSpec("square", inputs, -5));
        InputSource huge = new InputSource.Range(BigInteger.ZERO, BigInteger.valueOf(Integer.MAX_VALUE).multiply(BigInteger.TEN));
        assertThrows(IllegalArgumentException.class, () -> new JobSpec("square", huge, 1));
        assertEquals(3, new JobSpec("square", new InputSource.Listed(Numbers.of(1, 2, 3, 4, 5)), 2).chunkCount());
    }

    /**
     * A worker that reports an error for an index outside its chunk must not corrupt the job: the
     * result does not fit the chunk and should be ignored like one of the wrong size.
     */
    @Test
    void errorIndexOutsideTheChunkIsIgnored() {
        Job job = listJob("x", 2, 1, 2, 3, 4);
        List<ChunkTask> tasks = drain(job);
        boolean accepted = RecordedResults.complete(job, 0, Numbers.of(1, 4), List.of(new TaskError(5, "bad index")), "n", T0);
        assertFalse(accepted);
        assertEquals(0, job.completed());
        assertEquals(0, job.failed());
        assertTrue(RecordedResults.complete(job, 0, squares(tasks.get(0).inputs()), List.of(), "n", T0), "a right answer still counts");
    }

    @Test
    void errorIndexOutsideARangeChunkIsIgnored() {
        Job job = rangeJob("x", 1, 4, 2);
        drain(job);
        RecordedResults.complete(job, 0, Numbers.of(1, 4), List.of(new TaskError(6, "bad index")), "n", T0);
        assertEquals(List.of(), job.status(T0).errors());
        assertEquals(0, job.failed());
    }

    @Test
    void duplicateErrorIndexCountsOnce() {
        Job job = listJob("x", 3, 1, 2, 3);
        ChunkTask task = job.nextTask();
        RecordedResults.complete(job, task.chunkId(), Numbers.of(0, 4, 0),
                List.of(new TaskError(0, "a"), new TaskError(0, "a"), new TaskError(2, "c")), "n", T0);
        assertEquals(2, job.failed());
        assertEquals(1, job.completed());
        assertEquals("1\terror: a\n2\t4\n3\terror: c\n", allLines(job));
    }

    static String allLines(Job job) {
        return RecordedResults.allLines(job);
    }
}
